import Foundation
public import WardenAWS
public import WardenShapes
public import WardenStore

/// IAM's tagging rules, shared by users, roles, policies and MFA devices: at most 50 tags, keys unique
/// regardless of case (a new value replaces the old, keeping the new key's case).
public enum IAMTags {
    public static let maximum = 50

    /// The tags of a create request, checked. - Throws: `InvalidInput` for a repeated key.
    public static func initial(_ tags: [IAM.Tag]?) throws(AWSServiceError) -> [TagRecord] {
        try merge([], adding: tags ?? [])
    }

    /// `existing` with `added` set. - Throws: `InvalidInput` (repeated key), `LimitExceeded` (over 50).
    public static func merge(_ existing: [TagRecord], adding added: [IAM.Tag]) throws(AWSServiceError) -> [TagRecord] {
        var seen = Set<String>()
        for tag in added where !seen.insert(tag.key.lowercased()).inserted {
            throw IAM.Errors.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
        }
        var result = existing
        for tag in added {
            if let index = result.firstIndex(where: { $0.key.lowercased() == tag.key.lowercased() }) {
                result[index] = TagRecord(key: tag.key, value: tag.value)
            } else {
                result.append(TagRecord(key: tag.key, value: tag.value))
            }
        }
        if result.count > maximum {
            throw IAM.Errors.limitExceeded("The number of tags has reached the maximum limit.")
        }
        return result
    }

    /// `existing` without the keys named (any case).
    public static func removing(_ keys: [String], from existing: [TagRecord]) -> [TagRecord] {
        let removed = Set(keys.map { $0.lowercased() })
        return existing.filter { !removed.contains($0.key.lowercased()) }
    }

    /// The wire shape, or nil for no tags (AWS omits an empty `Tags`).
    public static func shape(_ tags: [TagRecord]) -> [IAM.Tag]? {
        tags.isEmpty ? nil : tags.map { IAM.Tag(key: $0.key, value: $0.value) }
    }

    /// `aws:RequestTag/KEY` and `aws:TagKeys` for a request that sets tags.
    public static func conditionKeys(_ tags: [IAM.Tag]?) -> [String: [String]] {
        guard let tags, !tags.isEmpty else { return [:] }
        var keys: [String: [String]] = ["aws:TagKeys": tags.map(\.key)]
        for tag in tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        return keys
    }

    /// Lists with IAM's `Marker` pagination.
    public static func page(_ tags: [TagRecord], marker: String?, maxItems: Int?) throws(AWSServiceError) -> Page<TagRecord> {
        let indexed = tags.enumerated().map { ($0.offset, $0.element) }
        let page = try Pagination.page(indexed, marker: marker, maxItems: maxItems) { String(format: "%06d", $0.0) }
        return Page(items: page.items.map(\.1), isTruncated: page.isTruncated, marker: page.marker)
    }
}
