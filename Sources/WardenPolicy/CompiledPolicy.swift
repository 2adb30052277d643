/// A policy compiled for evaluation: patterns encoded, condition values parsed, statements
/// indexed by service prefix. Compile once per policy version, evaluate many times.
public struct CompiledPolicy: Sendable {
    /// ARN or id used in explanations (`arn:aws:iam::aws:policy/ReadOnlyAccess`, `p-abcd1234`).
    public let id: String
    public let document: PolicyDocument
    let statements: [CompiledStatement]
    /// Whether a condition reads the resource's tags (`aws:ResourceTag/…`, `iam:ResourceTag/…`): a caller
    /// looks them up only for decisions whose policies read them.
    public let readsResourceTags: Bool

    public init(id: String, document: PolicyDocument) throws(PolicyError) {
        self.id = id
        self.document = document
        readsResourceTags = document.statements.contains { statement in
            statement.conditions.contains { condition in
                let key = condition.key.lowercased()
                return key.hasPrefix("aws:resourcetag/") || key.hasPrefix("iam:resourcetag/")
            }
        }
        var statements: [CompiledStatement] = []
        statements.reserveCapacity(document.statements.count)
        for (index, statement) in document.statements.enumerated() {
            let path = document.statementPath(index)
            statements.append(try CompiledStatement(statement, index: index, substitute: document.substitutesVariables, path: path))
        }
        self.statements = statements
    }

    /// Parses and compiles. Throws the first structural error (use ``PolicyValidator`` for all findings).
    public init(id: String, json: String) throws(PolicyError) {
        try self.init(id: id, document: PolicyDocument(json: json))
    }

    public var statementCount: Int { statements.count }
}

/// Identifies a statement in explanations: its `Sid`, or its index when it has none.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    public var sid: String?
    public var index: Int

    public var description: String {
        if let sid, !sid.isEmpty { return sid }
        return "#\(index)"
    }
}

/// A class so that the evaluation loop holds one reference per statement instead of copying
/// (and retaining) each of its arrays.
final class CompiledStatement: Sendable {
    let reference: StatementReference
    let effect: Effect
    let actions: ActionMatcher
    /// A statement without `Resource` (trust policies) applies to any resource.
    let resources: ResourceMatcher
    let principals: PrincipalMatcher?
    let conditions: [CompiledCondition]

    init(_ statement: PolicyStatement, index: Int, substitute: Bool, path: String) throws(PolicyError) {
        reference = StatementReference(sid: statement.sid, index: index)
        effect = statement.effect
        actions = ActionMatcher(statement.action)
        resources = statement.resource.map { ResourceMatcher($0, substitute: substitute) } ?? ResourceMatcher(matchingEverything: ())
        switch statement.principal {
        case .principal(let value)?: principals = PrincipalMatcher(value, negated: false)
        case .notPrincipal(let value)?: principals = PrincipalMatcher(value, negated: true)
        case nil: principals = nil
        }
        var conditions: [CompiledCondition] = []
        for entry in statement.conditions {
            conditions.append(try CompiledCondition(entry: entry, substitute: substitute, path: "\(path).Condition"))
        }
        self.conditions = conditions
    }

    /// Lowercased service prefixes this statement can match, or `nil` for any service
    /// (`*`, `s*:Get`, `NotAction`).
    var services: Set<String>? { actions.services }
}

/// `Action`/`NotAction`: case-insensitive patterns over `service:action`.
struct ActionMatcher: Sendable {
    let patterns: [WildcardPattern]
    let negated: Bool
    let services: Set<String>?

    init(_ element: ActionElement) {
        var services: Set<String>? = []
        var patterns: [WildcardPattern] = []
        for text in element.patterns {
            let lowered = text.lowercased()
            patterns.append(WildcardPattern(lowered))
            if let colon = lowered.firstIndex(of: ":") {
                let service = lowered[..<colon]
                if service.contains("*") || service.contains("?") {
                    services = nil
                } else {
                    services?.insert(String(service))
                }
            } else {
                services = nil // "*" or a malformed action
            }
        }
        self.patterns = patterns
        if case .notAction = element {
            negated = true
            self.services = nil
        } else {
            negated = false
            self.services = services
        }
    }

    @inline(__always)
    func matches(_ action: UnsafeBufferPointer<UInt8>) -> Bool {
        let any = patterns.withUnsafeBufferPointer { patterns in
            for index in 0..<patterns.count where patterns[index].matches(action) { return true }
            return false
        }
        return any != negated
    }
}

/// `Resource`/`NotResource`: case-sensitive patterns, with policy variables.
struct ResourceMatcher: Sendable {
    /// Entries without variables.
    let patterns: [WildcardPattern]
    /// Entries with variables, resolved per request.
    let templates: [PolicyTemplate]
    let negated: Bool

    init(_ element: ResourceElement, substitute: Bool) {
        var patterns: [WildcardPattern] = []
        var templates: [PolicyTemplate] = []
        for text in element.patterns {
            let template = PolicyTemplate(text, substitute: substitute, wildcards: true)
            if let constant = template.constant {
                patterns.append(WildcardPattern(encoded: constant))
            } else {
                templates.append(template)
            }
        }
        self.patterns = patterns
        self.templates = templates
        if case .notResource = element { negated = true } else { negated = false }
    }

    /// For statements without `Resource`.
    init(matchingEverything: Void) {
        patterns = [WildcardPattern(encoded: [Wildcard.star])]
        templates = []
        negated = false
    }

    /// Unresolvable variables make that entry match nothing (and so, for `NotResource`, not exclude).
    @inline(__always)
    func matches(_ resource: UnsafeBufferPointer<UInt8>, context: RequestContext, missing: inout ContextKeyList) -> Bool {
        let found = patterns.withUnsafeBufferPointer { patterns in
            for index in 0..<patterns.count where patterns[index].matches(resource) { return true }
            return false
        }
        if found { return !negated }
        if !templates.isEmpty, matchesTemplates(resource, context: context, missing: &missing) {
            return !negated
        }
        return negated
    }

    private func matchesTemplates(_ resource: UnsafeBufferPointer<UInt8>, context: RequestContext, missing: inout ContextKeyList) -> Bool {
        for template in templates {
            if let resolved = template.resolve(in: context) {
                if Wildcard.matches(pattern: resolved, subject: resource) { return true }
            } else {
                for name in template.variableNames where !context.contains(name) {
                    missing.appendUnique(name)
                }
            }
        }
        return false
    }
}

/// How a resource-based policy's `Principal` named the caller. The evaluation exceptions for
/// permissions boundaries and session policies depend on it.
enum PrincipalGrant: Int, Sendable, Comparable {
    /// The account (`123456789012` or `arn:aws:iam::123456789012:root`): a delegation that the
    /// account's identity policies must also allow.
    case account = 1
    /// `"*"` / `{"AWS": "*"}`.
    case wildcard = 2
    /// The role whose session is calling: boundary and session policies still apply.
    case role = 3
    /// The user, the role session, the service, the federated or canonical user itself.
    case exact = 4

    static func < (lhs: PrincipalGrant, rhs: PrincipalGrant) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `Principal`/`NotPrincipal` of resource, trust and RCP statements.
struct PrincipalMatcher: Sendable {
    let wildcard: Bool
    let accounts: Set<String>
    let arns: Set<String>
    let services: Set<String>
    let federated: Set<String>
    let canonicalUsers: Set<String>
    let negated: Bool

    init(_ value: PrincipalValue, negated: Bool) {
        self.negated = negated
        var wildcard = value.isWildcard
        var accounts = Set<String>()
        var arns = Set<String>()
        var services = Set<String>()
        var federated = Set<String>()
        var canonical = Set<String>()
        for (type, values) in value.entries {
            for text in values {
                switch type {
                case .aws:
                    if text == "*" {
                        wildcard = true
                    } else if ARN.isAccountId(text[...]) {
                        accounts.insert(text)
                    } else if let arn = ARN(text), arn.service == "iam", arn.resource == "root" {
                        accounts.insert(arn.accountId)
                    } else {
                        arns.insert(text)
                    }
                case .service: services.insert(text.lowercased())
                case .federated: federated.insert(text)
                case .canonicalUser: canonical.insert(text)
                }
            }
        }
        self.wildcard = wildcard
        self.accounts = accounts
        self.arns = arns
        self.services = services
        self.federated = federated
        self.canonicalUsers = canonical
    }

    /// The strongest way `Principal` names `principal`, or `nil` when it does not.
    /// - Parameter hasPermissionsBoundary: a `NotPrincipal` never excludes an IAM principal
    ///   that has a permissions boundary (AWS: such a Deny "always denies" it).
    func grant(for principal: PrincipalIdentity, hasPermissionsBoundary: Bool) -> PrincipalGrant? {
        if negated {
            if hasPermissionsBoundary, principal.isIAMPrincipal { return .wildcard }
            return excludes(principal) ? nil : .wildcard
        }
        return positiveGrant(principal)
    }

    private func positiveGrant(_ principal: PrincipalIdentity) -> PrincipalGrant? {
        switch principal.kind {
        case .service:
            if services.contains(principal.arn.lowercased()) { return .exact }
            return wildcard ? .wildcard : nil
        case .anonymous:
            return wildcard ? .wildcard : nil
        case .webIdentityUser:
            if let provider = principal.federatedProvider, federated.contains(provider) { return .exact }
            return wildcard ? .wildcard : nil
        default:
            break
        }
        if !arns.isEmpty {
            if arns.contains(principal.arn) { return .exact }
            if let roleArn = principal.roleArn, arns.contains(roleArn) { return .role }
        }
        if let provider = principal.federatedProvider, federated.contains(provider) { return .exact }
        if let canonical = principal.canonicalUserId, canonicalUsers.contains(canonical) { return .exact }
        if wildcard { return .wildcard }
        if let account = principal.accountId, accounts.contains(account) { return .account }
        return nil
    }

    /// `NotPrincipal` excludes a caller only when it lists every identity the caller has:
    /// a role session needs the session ARN, the role ARN and the account; a user needs the
    /// user ARN and the account (AWS's documented requirement).
    private func excludes(_ principal: PrincipalIdentity) -> Bool {
        if wildcard { return true }
        switch principal.kind {
        case .service:
            return services.contains(principal.arn.lowercased())
        case .anonymous:
            return false
        case .webIdentityUser:
            return principal.federatedProvider.map(federated.contains) ?? false
        case .root:
            return principal.accountId.map(accounts.contains) ?? false
        default:
            if let provider = principal.federatedProvider, federated.contains(provider) { return true }
            guard arns.contains(principal.arn) else { return false }
            if let roleArn = principal.roleArn, !arns.contains(roleArn) { return false }
            return principal.accountId.map(accounts.contains) ?? true
        }
    }
}
