/// The policy language version. Policy variables are substituted only in `2012-10-17`.
public enum PolicyVersion: String, Sendable, Hashable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"
}

public enum Effect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// `Action` or `NotAction`.
public enum ActionElement: Sendable, Hashable {
    case action([String])
    case notAction([String])

    public var patterns: [String] {
        switch self { case .action(let p), .notAction(let p): p }
    }
}

/// `Resource` or `NotResource`.
public enum ResourceElement: Sendable, Hashable {
    case resource([String])
    case notResource([String])

    public var patterns: [String] {
        switch self { case .resource(let p), .notResource(let p): p }
    }
}

/// The kinds of principal keys in a `Principal` map.
public enum PrincipalType: String, Sendable, Hashable, CaseIterable {
    case aws = "AWS"
    case service = "Service"
    case federated = "Federated"
    case canonicalUser = "CanonicalUser"
}

/// The value of `Principal` / `NotPrincipal`: `"*"` or a map of principal types to values.
public struct PrincipalValue: Sendable, Hashable {
    public var isWildcard: Bool
    public var entries: [(type: PrincipalType, values: [String])]

    public init(isWildcard: Bool, entries: [(type: PrincipalType, values: [String])] = []) {
        self.isWildcard = isWildcard
        self.entries = entries
    }

    public static func == (lhs: PrincipalValue, rhs: PrincipalValue) -> Bool {
        lhs.isWildcard == rhs.isWildcard && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.type == $1.type && $0.values == $1.values }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isWildcard)
        for entry in entries {
            hasher.combine(entry.type)
            hasher.combine(entry.values)
        }
    }
}

/// `Principal` or `NotPrincipal`.
public enum PrincipalElement: Sendable, Hashable {
    case principal(PrincipalValue)
    case notPrincipal(PrincipalValue)
}

/// One `operator: { key: values }` pair of a `Condition` block.
public struct ConditionEntry: Sendable, Hashable {
    /// As written, e.g. `ForAnyValue:StringLikeIfExists`.
    public var operatorName: String
    public var key: String
    public var values: [String]

    public init(operatorName: String, key: String, values: [String]) {
        self.operatorName = operatorName
        self.key = key
        self.values = values
    }
}

public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    public var effect: Effect
    public var action: ActionElement
    /// Absent in trust policies.
    public var resource: ResourceElement?
    public var principal: PrincipalElement?
    public var conditions: [ConditionEntry]

    public init(
        sid: String? = nil, effect: Effect, action: ActionElement, resource: ResourceElement? = nil,
        principal: PrincipalElement? = nil, conditions: [ConditionEntry] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.action = action
        self.resource = resource
        self.principal = principal
        self.conditions = conditions
    }
}

/// A parsed policy document. Parse once, then compile with ``CompiledPolicy``.
public struct PolicyDocument: Sendable, Hashable {
    /// `nil` when the document has no `Version` (IAM then uses `2008-10-17`).
    public var version: PolicyVersion?
    public var id: String?
    public var statements: [PolicyStatement]
    /// Characters not counting whitespace, as IAM counts them against its size limits.
    public var size: Int
    /// UTF-8 bytes of the document as written, whitespace included: Organizations counts
    /// every character of SCPs and RCPs, against a limit in bytes.
    public var byteCount: Int
    /// Whether `Statement` was written as an array (paths then read `Statement[i]`).
    var statementIsList = true

    /// Path of statement `index` in findings and errors: `Statement` or `Statement[2]`.
    func statementPath(_ index: Int) -> String {
        statementIsList ? "Statement[\(index)]" : "Statement"
    }

    public init(version: PolicyVersion? = .v2012_10_17, id: String? = nil, statements: [PolicyStatement], size: Int = 0, byteCount: Int = 0) {
        self.version = version
        self.id = id
        self.statements = statements
        self.size = size
        self.byteCount = byteCount
    }

    /// Whether `${…}` in `Resource` and condition values are policy variables.
    public var substitutesVariables: Bool { version == .v2012_10_17 }

    /// Parses a policy. Throws the first structural error; use ``PolicyValidator`` to get every finding.
    public init(json: String) throws(PolicyError) {
        try self.init(bytes: Array(json.utf8))
    }

    public init(bytes: [UInt8]) throws(PolicyError) {
        var findings: [PolicyFinding] = []
        let document = try PolicyDecoder.decode(bytes: bytes, findings: &findings)
        if let first = findings.first(where: { $0.severity == .error }) {
            throw PolicyError(path: first.path, message: first.message)
        }
        self = document
    }
}

/// Counts characters that are not whitespace (space, tab, CR, LF), as AWS sizes policies.
func policySizeWithoutWhitespace(_ bytes: [UInt8]) -> Int {
    var count = 0
    for byte in bytes {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D: continue
        default:
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            if byte & 0xC0 != 0x80 { count += 1 }
        }
    }
    return count
}
