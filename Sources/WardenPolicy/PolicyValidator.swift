/// Checks a policy as IAM (and Organizations) would when it is created, for a given kind.
public enum PolicyValidator {
    /// Services whose resources RCPs can restrict.
    static let rcpServices: Set<String> = [
        "s3", "sts", "sqs", "secretsmanager", "kms", "dynamodb", "ecr", "aoss", "logs", "cognito-identity",
    ]

    /// Every finding, errors first in document order. An empty result means IAM would accept it.
    public static func validate(json: String, kind: PolicyKind) -> [PolicyFinding] {
        validate(bytes: Array(json.utf8), kind: kind)
    }

    public static func validate(bytes: [UInt8], kind: PolicyKind) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        let document: PolicyDocument
        do {
            document = try PolicyDecoder.decode(bytes: bytes, findings: &findings)
        } catch {
            return [PolicyFinding(severity: .error, path: error.path, message: error.message)]
        }
        if let problem = sizeProblem(document, kind: kind) {
            findings.append(PolicyFinding(severity: .error, path: "", message: problem))
        }
        validate(document: document, kind: kind, findings: &findings)
        return findings.sorted { $0.severity < $1.severity }
    }

    /// Checks an already parsed document (size is checked from ``PolicyDocument/size``).
    public static func validate(document: PolicyDocument, kind: PolicyKind) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        if let problem = sizeProblem(document, kind: kind) {
            findings.append(PolicyFinding(severity: .error, path: "", message: problem))
        }
        validate(document: document, kind: kind, findings: &findings)
        return findings.sorted { $0.severity < $1.severity }
    }

    static func sizeProblem(_ document: PolicyDocument, kind: PolicyKind) -> String? {
        if kind.sizeCountsWhitespace {
            guard document.byteCount > kind.maximumSize else { return nil }
            return "policy is \(document.byteCount) bytes; a \(kind) may have at most \(kind.maximumSize), whitespace included (remove whitespace to save space)"
        }
        guard document.size > kind.maximumSize else { return nil }
        return "policy is \(document.size) characters (not counting whitespace); a \(kind) policy may have at most \(kind.maximumSize)"
    }

    private static func validate(document: PolicyDocument, kind: PolicyKind, findings: inout [PolicyFinding]) {
        func add(_ severity: PolicyFinding.Severity, _ path: String, _ message: String) {
            findings.append(PolicyFinding(severity: severity, path: path, message: message))
        }
        if document.version == nil {
            add(.warning, "Version", "no Version: IAM uses 2008-10-17, where policy variables are not substituted; use \"2012-10-17\"")
        }
        var sids = Set<String>()
        for (index, statement) in document.statements.enumerated() {
            let path = document.statementPath(index)
            if let sid = statement.sid {
                if !sid.isEmpty, !sids.insert(sid).inserted {
                    add(.error, "\(path).Sid", "duplicate Sid \"\(sid)\": statement ids must be unique in a policy")
                }
                let strict: Bool
                switch kind {
                case .identity, .boundary, .session, .scp, .rcp: strict = true
                case .resource, .trust: strict = false
                }
                if strict, !sid.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) {
                    add(.error, "\(path).Sid", "Sid \"\(sid)\" must contain only ASCII letters and digits")
                }
            }
            validateActions(statement.action, path: path, kind: kind, add: add)
            validateResources(statement, path: path, kind: kind, substitute: document.substitutesVariables, add: add)
            validatePrincipal(statement, path: path, kind: kind, add: add)
            validateConditions(statement.conditions, path: "\(path).Condition", substitute: document.substitutesVariables, version: document.version, add: add)
            validateKindRules(statement, path: path, kind: kind, add: add)
        }
    }

    // MARK: Action

    private static func validateActions(_ element: ActionElement, path: String, kind: PolicyKind, add: (PolicyFinding.Severity, String, String) -> Void) {
        let name: String
        if case .action = element { name = "Action" } else { name = "NotAction" }
        for (index, action) in element.patterns.enumerated() {
            let itemPath = element.patterns.count == 1 ? "\(path).\(name)" : "\(path).\(name)[\(index)]"
            if action == "*" { continue }
            let parts = action.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                add(.error, itemPath, "invalid action \"\(action)\": expected \"service:Action\" or \"*\"")
                continue
            }
            let validService = parts[0].unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "*" || $0 == "?") }
            let validName = parts[1].unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "*" || $0 == "?" || $0 == "-" || $0 == "_") }
            if !validService {
                add(.error, itemPath, "invalid service prefix \"\(parts[0])\" in action \"\(action)\"")
            } else if !validName {
                add(.error, itemPath, "invalid action name \"\(parts[1])\" in \"\(action)\"")
            }
        }
    }

    // MARK: Resource

    private static func validateResources(_ statement: PolicyStatement, path: String, kind: PolicyKind, substitute: Bool, add: (PolicyFinding.Severity, String, String) -> Void) {
        guard let resource = statement.resource else {
            switch kind {
            case .trust, .scp, .rcp:
                break
            default:
                add(.error, path, "missing required element Resource or NotResource")
            }
            return
        }
        let name: String
        if case .resource = resource { name = "Resource" } else { name = "NotResource" }
        if kind == .trust {
            add(.error, "\(path).\(name)", "a trust policy must not have \(name)")
            return
        }
        for (index, value) in resource.patterns.enumerated() {
            let itemPath = resource.patterns.count == 1 ? "\(path).\(name)" : "\(path).\(name)[\(index)]"
            if let problem = arnProblem(value) {
                add(.error, itemPath, problem)
            }
            if !substitute, value.contains("${") {
                add(.warning, itemPath, "\"${…}\" is literal text in a 2008-10-17 policy; set Version to 2012-10-17 to use policy variables")
            }
        }
    }

    /// Why `value` is not a valid resource ARN pattern, or `nil` when it is.
    static func arnProblem(_ value: String) -> String? {
        if value == "*" { return nil }
        guard value.hasPrefix("arn:") else {
            return "invalid resource \"\(value)\": expected an ARN (arn:partition:service:region:account:resource) or \"*\""
        }
        guard let parts = ARN.split(value) else {
            return "malformed ARN \"\(value)\": an ARN has six parts separated by ':'"
        }
        if parts[1].isEmpty { return "malformed ARN \"\(value)\": missing partition" }
        if parts[2].isEmpty { return "malformed ARN \"\(value)\": missing service" }
        if parts[5].isEmpty { return "malformed ARN \"\(value)\": missing resource" }
        let account = parts[4]
        if !account.isEmpty, !account.contains("*"), !account.contains("?"), !account.contains("$"),
           !ARN.isAccountId(account), account != "aws" {
            return "malformed ARN \"\(value)\": account \"\(account)\" is not a 12-digit account id"
        }
        return nil
    }

    // MARK: Principal

    private static func validatePrincipal(_ statement: PolicyStatement, path: String, kind: PolicyKind, add: (PolicyFinding.Severity, String, String) -> Void) {
        guard let principal = statement.principal else {
            switch kind {
            case .resource, .trust:
                add(.error, path, "a \(kind) policy statement must have Principal or NotPrincipal")
            case .rcp:
                add(.error, path, "an RCP statement must have \"Principal\": \"*\"")
            default:
                break
            }
            return
        }
        let name: String
        let value: PrincipalValue
        switch principal {
        case .principal(let v): name = "Principal"; value = v
        case .notPrincipal(let v): name = "NotPrincipal"; value = v
        }
        if kind.forbidsPrincipal {
            add(.error, "\(path).\(name)", "a \(kind) policy must not have \(name)")
            return
        }
        if kind == .rcp {
            if name == "NotPrincipal" {
                add(.error, "\(path).NotPrincipal", "RCPs do not support NotPrincipal")
            } else if !value.isWildcard {
                add(.error, "\(path).Principal", "in an RCP, Principal must be \"*\" (use conditions such as aws:PrincipalAccount to narrow it)")
            }
            return
        }
        if name == "NotPrincipal" {
            if statement.effect == .allow {
                add(.error, "\(path).NotPrincipal", "NotPrincipal must be used with \"Effect\": \"Deny\"")
            }
            if kind == .trust {
                add(.error, "\(path).NotPrincipal", "a trust policy must not use NotPrincipal")
            }
        }
        for (type, values) in value.entries {
            for (index, text) in values.enumerated() {
                let itemPath = values.count == 1 ? "\(path).\(name).\(type.rawValue)" : "\(path).\(name).\(type.rawValue)[\(index)]"
                switch type {
                case .aws:
                    if text == "*" || ARN.isAccountId(text[...]) { continue }
                    guard let arn = ARN(text), arn.service == "iam" || arn.service == "sts" else {
                        add(.error, itemPath, "invalid AWS principal \"\(text)\": expected an account id, an IAM or STS ARN, or \"*\"")
                        continue
                    }
                    if text.contains("*") || text.contains("?") {
                        add(.error, itemPath, "wildcards are not allowed in principal ARNs (\"\(text)\"); use \"*\" with a condition on aws:PrincipalArn")
                    } else if !ARN.isAccountId(arn.accountId[...]) {
                        add(.error, itemPath, "invalid AWS principal \"\(text)\": account \"\(arn.accountId)\" is not a 12-digit account id")
                    } else if !(arn.resource == "root" || arn.resource.hasPrefix("user/") || arn.resource.hasPrefix("role/")
                                || arn.resource.hasPrefix("assumed-role/") || arn.resource.hasPrefix("federated-user/")) {
                        add(.error, itemPath, "invalid AWS principal \"\(text)\": expected root, user/…, role/…, assumed-role/… or federated-user/…")
                    }
                case .service:
                    if text.contains("*") || !text.contains(".") {
                        add(.error, itemPath, "invalid service principal \"\(text)\": expected a name such as ec2.amazonaws.com")
                    }
                case .federated, .canonicalUser:
                    if text.isEmpty { add(.error, itemPath, "empty \(type.rawValue) principal") }
                }
            }
        }
    }

    // MARK: Condition

    private static func validateConditions(_ entries: [ConditionEntry], path: String, substitute: Bool, version: PolicyVersion?, add: (PolicyFinding.Severity, String, String) -> Void) {
        var reportedOperators = Set<String>()
        for entry in entries {
            guard let op = ConditionOperator(name: entry.operatorName) else {
                if reportedOperators.insert(entry.operatorName).inserted {
                    add(.error, path, "unknown operator \"\(entry.operatorName)\"\(suggestion(for: entry.operatorName))")
                }
                continue
            }
            let keyPath = "\(path).\(entry.operatorName).\(entry.key)"
            let keyParts = entry.key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if keyParts.count != 2 || keyParts[0].isEmpty || keyParts[1].isEmpty {
                add(.error, keyPath, "invalid condition key \"\(entry.key)\": expected \"prefix:name\" such as aws:SourceIp")
            }
            for (index, value) in entry.values.enumerated() {
                let valuePath = entry.values.count == 1 ? keyPath : "\(keyPath)[\(index)]"
                if substitute, value.contains("${") { continue }
                if !substitute, value.contains("${") {
                    add(.warning, valuePath, "\"${…}\" is literal text in a 2008-10-17 policy")
                }
                if let problem = valueProblem(value, op: op.base) {
                    add(.error, valuePath, problem)
                }
            }
            if op.qualifier != .none, singleValuedKeys.contains(entry.key.lowercased()) {
                add(.warning, keyPath, "\(op.qualifier.rawValue) is meant for multivalued keys; \(entry.key) is single-valued")
            }
        }
    }

    static let singleValuedKeys: Set<String> = [
        "aws:sourceip", "aws:currenttime", "aws:epochtime", "aws:securetransport", "aws:principalarn", "aws:principalaccount",
        "aws:username", "aws:userid", "aws:requestedregion", "aws:multifactorauthpresent", "aws:multifactorauthage",
    ]

    static func valueProblem(_ value: String, op: ConditionOperator.Base) -> String? {
        switch op {
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            return NumericValue.parse(value) == nil ? "\(op.rawValue) needs a number, not \"\(value)\"" : nil
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return DateValue.parse(value) == nil ? "\(op.rawValue) needs an ISO 8601 date or epoch seconds, not \"\(value)\"" : nil
        case .bool, .null:
            let lowered = value.lowercased()
            return lowered == "true" || lowered == "false" ? nil : "\(op.rawValue) needs \"true\" or \"false\", not \"\(value)\""
        case .ipAddress, .notIpAddress:
            return CIDRBlock(value) == nil ? "\(op.rawValue) needs an IPv4 or IPv6 address or CIDR block, not \"\(value)\"" : nil
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            if value == "*" { return nil }
            return ARN.split(value) == nil ? "\(op.rawValue) needs an ARN (six ':'-separated parts), not \"\(value)\"" : nil
        default:
            return nil
        }
    }

    /// "did you mean" for near-miss operator names (`StringEqual` → `StringEquals`).
    private static func suggestion(for name: String) -> String {
        let lowered = name.lowercased()
        for base in ConditionOperator.Base.allCases {
            let candidate = base.rawValue.lowercased()
            if lowered == candidate || lowered + "s" == candidate || lowered == candidate + "s"
                || lowered.hasSuffix(":" + candidate) || lowered.hasSuffix(candidate + "ifexists") {
                return "; did you mean \"\(base.rawValue)\"? (operator names are case-sensitive)"
            }
        }
        return ""
    }

    // MARK: Kind-specific rules

    private static func validateKindRules(_ statement: PolicyStatement, path: String, kind: PolicyKind, add: (PolicyFinding.Severity, String, String) -> Void) {
        switch kind {
        case .rcp:
            let isFullAccess = statement.effect == .allow && statement.action == .action(["*"])
                && (statement.resource == nil || statement.resource == .resource(["*"])) && statement.conditions.isEmpty
            if statement.effect == .allow, !isFullAccess {
                add(.error, "\(path).Effect", "RCPs may only Deny (Allow is reserved to RCPFullAWSAccess)")
            }
            if case .notAction = statement.action {
                add(.error, "\(path).NotAction", "RCPs do not support NotAction")
            }
            if case .action(let actions) = statement.action, !isFullAccess {
                for (index, action) in actions.enumerated() {
                    let itemPath = actions.count == 1 ? "\(path).Action" : "\(path).Action[\(index)]"
                    if action == "*" {
                        add(.error, itemPath, "RCPs must name the service: \"*\" alone is not allowed in a Deny")
                    } else if let service = action.split(separator: ":").first, !rcpServices.contains(service.lowercased()), !service.contains("*") {
                        add(.error, itemPath, "RCPs do not support service \"\(service)\" (supported: \(rcpServices.sorted().joined(separator: ", ")))")
                    }
                }
            }
        case .trust:
            for action in statement.action.patterns where !action.lowercased().hasPrefix("sts:") && action != "*" {
                add(.warning, "\(path).Action", "a trust policy normally allows only sts: actions, not \"\(action)\"")
            }
        default:
            break
        }
    }
}
