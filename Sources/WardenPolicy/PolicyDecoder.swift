/// Turns parsed JSON into a ``PolicyDocument``, recording every structural problem
/// as a finding with its path instead of stopping at the first.
enum PolicyDecoder {
    static let topLevelKeys: Set<String> = ["Version", "Id", "Statement"]
    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    ]

    /// Throws only when the bytes are not JSON at all; structural problems become findings.
    static func decode(bytes: [UInt8], findings: inout [PolicyFinding]) throws(PolicyError) -> PolicyDocument {
        let json = try JSONParser.parse(bytes: bytes)
        var document = decode(json: json, findings: &findings)
        document.size = policySizeWithoutWhitespace(bytes)
        document.byteCount = bytes.count
        return document
    }

    static func decode(json: JSONValue, findings: inout [PolicyFinding]) -> PolicyDocument {
        func error(_ path: String, _ message: String) {
            findings.append(PolicyFinding(severity: .error, path: path, message: message))
        }
        guard case .object(let members) = json else {
            error("", "a policy must be a JSON object, not \(json.typeName)")
            return PolicyDocument(version: nil, statements: [])
        }
        var version: PolicyVersion?
        var id: String?
        var statements: [PolicyStatement] = []
        var sawStatement = false
        var statementIsList = true
        for (key, value) in members {
            switch key {
            case "Version":
                if case .string(let text) = value, let parsed = PolicyVersion(rawValue: text) {
                    version = parsed
                } else {
                    error("Version", "Version must be \"2012-10-17\" or \"2008-10-17\"")
                }
            case "Id":
                if case .string(let text) = value { id = text } else { error("Id", "Id must be a string") }
            case "Statement":
                sawStatement = true
                switch value {
                case .object:
                    statementIsList = false
                    if let statement = decodeStatement(value, path: "Statement", findings: &findings) {
                        statements.append(statement)
                    }
                case .array(let items):
                    if items.isEmpty { error("Statement", "Statement must contain at least one statement") }
                    for (index, item) in items.enumerated() {
                        if let statement = decodeStatement(item, path: "Statement[\(index)]", findings: &findings) {
                            statements.append(statement)
                        }
                    }
                default:
                    error("Statement", "Statement must be an object or an array of objects, not \(value.typeName)")
                }
            default:
                error(key, "unknown element \"\(key)\"")
            }
        }
        if !sawStatement { error("", "missing required element Statement") }
        var document = PolicyDocument(version: version, id: id, statements: statements)
        document.statementIsList = statementIsList
        return document
    }

    private static func decodeStatement(_ json: JSONValue, path: String, findings: inout [PolicyFinding]) -> PolicyStatement? {
        func error(_ subpath: String, _ message: String) {
            findings.append(PolicyFinding(severity: .error, path: subpath.isEmpty ? path : "\(path).\(subpath)", message: message))
        }
        guard case .object(let members) = json else {
            error("", "a statement must be an object, not \(json.typeName)")
            return nil
        }
        var sid: String?
        var effect: Effect?
        var action: ActionElement?
        var resource: ResourceElement?
        var principal: PrincipalElement?
        var conditions: [ConditionEntry] = []
        var hadEffect = false
        for (key, value) in members {
            switch key {
            case "Sid":
                if case .string(let text) = value { sid = text } else { error("Sid", "Sid must be a string") }
            case "Effect":
                hadEffect = true
                if case .string(let text) = value, let parsed = Effect(rawValue: text) {
                    effect = parsed
                } else {
                    error("Effect", "Effect must be \"Allow\" or \"Deny\"")
                }
            case "Action", "NotAction":
                guard let list = stringList(value, path: "\(path).\(key)", findings: &findings) else { continue }
                if action != nil {
                    error(key, "a statement cannot have both Action and NotAction")
                } else {
                    action = key == "Action" ? .action(list) : .notAction(list)
                }
            case "Resource", "NotResource":
                guard let list = stringList(value, path: "\(path).\(key)", findings: &findings) else { continue }
                if resource != nil {
                    error(key, "a statement cannot have both Resource and NotResource")
                } else {
                    resource = key == "Resource" ? .resource(list) : .notResource(list)
                }
            case "Principal", "NotPrincipal":
                guard let parsed = decodePrincipal(value, path: "\(path).\(key)", findings: &findings) else { continue }
                if principal != nil {
                    error(key, "a statement cannot have both Principal and NotPrincipal")
                } else {
                    principal = key == "Principal" ? .principal(parsed) : .notPrincipal(parsed)
                }
            case "Condition":
                conditions = decodeCondition(value, path: "\(path).Condition", findings: &findings)
            default:
                error(key, "unknown element \"\(key)\"")
            }
        }
        if !hadEffect { error("", "missing required element Effect") }
        if action == nil, !members.contains(where: { $0.key == "Action" || $0.key == "NotAction" }) {
            error("", "missing required element Action or NotAction")
        }
        guard let effect, let action else { return nil }
        return PolicyStatement(sid: sid, effect: effect, action: action, resource: resource, principal: principal, conditions: conditions)
    }

    /// A string or a non-empty array of strings.
    private static func stringList(_ json: JSONValue, path: String, findings: inout [PolicyFinding]) -> [String]? {
        switch json {
        case .string(let text):
            return [text]
        case .array(let items):
            if items.isEmpty {
                findings.append(PolicyFinding(severity: .error, path: path, message: "must not be an empty list"))
                return nil
            }
            var result: [String] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    findings.append(PolicyFinding(severity: .error, path: "\(path)[\(index)]", message: "must be a string, not \(item.typeName)"))
                    return nil
                }
                result.append(text)
            }
            return result
        default:
            findings.append(PolicyFinding(severity: .error, path: path, message: "must be a string or an array of strings, not \(json.typeName)"))
            return nil
        }
    }

    private static func decodePrincipal(_ json: JSONValue, path: String, findings: inout [PolicyFinding]) -> PrincipalValue? {
        switch json {
        case .string("*"):
            return PrincipalValue(isWildcard: true)
        case .string(let text):
            findings.append(PolicyFinding(severity: .error, path: path, message: "a principal must be \"*\" or an object such as {\"AWS\": …}, not \"\(text)\""))
            return nil
        case .object(let members):
            if members.isEmpty {
                findings.append(PolicyFinding(severity: .error, path: path, message: "must name at least one principal"))
                return nil
            }
            var entries: [(type: PrincipalType, values: [String])] = []
            for (key, value) in members {
                guard let type = PrincipalType(rawValue: key) else {
                    findings.append(PolicyFinding(
                        severity: .error, path: "\(path).\(key)",
                        message: "unknown principal type \"\(key)\" (expected AWS, Service, Federated or CanonicalUser)"))
                    continue
                }
                guard let values = stringList(value, path: "\(path).\(key)", findings: &findings) else { continue }
                entries.append((type, values))
            }
            return PrincipalValue(isWildcard: false, entries: entries)
        default:
            findings.append(PolicyFinding(severity: .error, path: path, message: "a principal must be \"*\" or an object, not \(json.typeName)"))
            return nil
        }
    }

    private static func decodeCondition(_ json: JSONValue, path: String, findings: inout [PolicyFinding]) -> [ConditionEntry] {
        guard case .object(let operators) = json else {
            findings.append(PolicyFinding(severity: .error, path: path, message: "Condition must be an object, not \(json.typeName)"))
            return []
        }
        var entries: [ConditionEntry] = []
        for (operatorName, block) in operators {
            guard case .object(let keys) = block else {
                findings.append(PolicyFinding(
                    severity: .error, path: "\(path).\(operatorName)", message: "must be an object of condition keys, not \(block.typeName)"))
                continue
            }
            if keys.isEmpty {
                findings.append(PolicyFinding(severity: .error, path: "\(path).\(operatorName)", message: "must name at least one condition key"))
            }
            for (key, value) in keys {
                let valuePath = "\(path).\(operatorName).\(key)"
                var values: [String] = []
                func scalar(_ item: JSONValue, _ itemPath: String) -> String? {
                    switch item {
                    case .string(let text): return text
                    case .number(let text): return text
                    case .bool(let flag): return flag ? "true" : "false"
                    default:
                        findings.append(PolicyFinding(
                            severity: .error, path: itemPath, message: "a condition value must be a string, number or boolean, not \(item.typeName)"))
                        return nil
                    }
                }
                if case .array(let items) = value {
                    if items.isEmpty {
                        findings.append(PolicyFinding(severity: .error, path: valuePath, message: "must not be an empty list"))
                    }
                    for (index, item) in items.enumerated() {
                        if let text = scalar(item, "\(valuePath)[\(index)]") { values.append(text) }
                    }
                } else if let text = scalar(value, valuePath) {
                    values.append(text)
                }
                entries.append(ConditionEntry(operatorName: operatorName, key: key, values: values))
            }
        }
        return entries
    }
}
