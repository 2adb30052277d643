import Foundation

/// Request parameters and response elements as CloudTrail records them: members in lower camel case
/// (`userName`), every secret replaced by `HIDDEN_DUE_TO_SECURITY_REASONS`.
enum AuditParameters {
    static let hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

    /// Members that carry a secret, in lower camel case: the members botocore's models mark sensitive
    /// that are secrets (not merely personal data), and the session token AWS returns with credentials.
    static let secretMembers: Set<String> = [
        "secretAccessKey", "sessionToken", "password", "newPassword", "oldPassword", "base32StringSeed", "qRCodePNG",
        "authenticationCode1", "authenticationCode2", "tokenCode", "privateKey", "addPrivateKey", "serviceCredentialSecret",
        "servicePassword", "sAMLAssertion", "webIdentityToken", "tradeInToken", "encodedMessage", "decodedMessage",
    ]

    /// `value` as a JSON object with CloudTrail's member names and secrets hidden; nil when it has no members.
    static func json(_ value: any Encodable) -> [UInt8]? {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), data.count > 2,
            let object = try? JSONSerialization.jsonObject(with: data), let members = object as? [String: Any], !members.isEmpty
        else { return nil }
        guard let cleaned = try? JSONSerialization.data(withJSONObject: clean(members), options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return Array(cleaned)
    }

    static func clean(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var result: [String: Any] = [:]
            for (key, member) in object {
                let name = lowerCamel(key)
                result[name] = secretMembers.contains(name) ? hidden : clean(member)
            }
            return result
        }
        if let array = value as? [Any] { return array.map(clean) }
        return value
    }

    static func lowerCamel(_ name: String) -> String {
        guard let first = name.first, first.isUppercase else { return name }
        return first.lowercased() + name.dropFirst()
    }
}
