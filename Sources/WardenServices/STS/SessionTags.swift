import WardenAWS
import WardenShapes

/// Session tags as `AssumeRole` and `GetFederationToken` take them (`Tags`): keys unique regardless of case,
/// none in the `aws:` namespace AWS reserves; and the condition keys they put in the request.
enum SessionTags {
    /// The requested tags, checked.
    /// - Throws: `InvalidParameterValue` for a duplicate key or a key starting with `aws:` (any case).
    static func requested(_ tags: [STS.Tag]?) throws -> [SessionClaims.Tag] {
        let requested = (tags ?? []).map { SessionClaims.Tag(key: $0.key, value: $0.value) }
        var seen = Set<String>()
        for tag in requested {
            if tag.key.lowercased().hasPrefix("aws:") {
                throw AWSServiceError.invalidParameterValue("Tag keys starting with 'aws:' are reserved for AWS use: \(tag.key)")
            }
            guard seen.insert(tag.key.lowercased()).inserted else {
                throw AWSServiceError.invalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
            }
        }
        return requested
    }

    /// `aws:RequestTag/KEY` for each tag and `aws:TagKeys`, when the request passes tags.
    static func requestKeys(_ tags: [STS.Tag]?) -> [String: [String]] {
        guard let tags, !tags.isEmpty else { return [:] }
        var keys: [String: [String]] = ["aws:TagKeys": tags.map(\.key)]
        for tag in tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        return keys
    }
}
