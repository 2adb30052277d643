import Foundation
public import WardenAWS
public import WardenShapes
public import WardenStore

/// Organizations' tagging rules: at most 50 tags a resource, keys unique (case-sensitive, as outside IAM),
/// `aws:` keys reserved for AWS.
public enum OrganizationsTags {
    public static let maximum = 50

    /// `existing` with `added` set. - Throws: `InvalidInputException` (`DUPLICATE_TAG_KEY`,
    /// `INVALID_SYSTEM_TAGS_PARAMETER`), `ConstraintViolationException` (`MAX_TAG_LIMIT_EXCEEDED`).
    public static func merge(_ existing: [TagRecord], adding added: [Organizations.Tag]) throws(AWSServiceError) -> [TagRecord] {
        try checkKeys(added.map(\.key))
        var seen = Set<String>()
        for tag in added where !seen.insert(tag.key).inserted {
            throw Organizations.Errors.invalidInputException(
                "Tag keys must be unique among the tags attached to the same entity.", reason: "DUPLICATE_TAG_KEY")
        }
        var result = existing
        for tag in added {
            if let index = result.firstIndex(where: { $0.key == tag.key }) {
                result[index].value = tag.value
            } else {
                result.append(TagRecord(key: tag.key, value: tag.value))
            }
        }
        if result.count > maximum {
            throw Organizations.Errors.constraintViolationException(
                "You have exceeded the number of tags allowed on this resource (\(maximum)).", reason: "MAX_TAG_LIMIT_EXCEEDED")
        }
        return result
    }

    /// - Throws: `InvalidInputException` (`INVALID_SYSTEM_TAGS_PARAMETER`) for a key AWS reserves.
    public static func checkKeys(_ keys: [String]) throws(AWSServiceError) {
        if keys.contains(where: { $0.lowercased().hasPrefix("aws:") }) {
            throw Organizations.Errors.invalidInputException(
                "You can't add, edit, or delete system tag keys because they're reserved for AWS use.", reason: "INVALID_SYSTEM_TAGS_PARAMETER")
        }
    }

    /// `aws:RequestTag/KEY` and `aws:TagKeys` for a request that sets tags.
    public static func conditionKeys(_ tags: [Organizations.Tag]?) -> [String: [String]] {
        guard let tags, !tags.isEmpty else { return [:] }
        var keys: [String: [String]] = ["aws:TagKeys": tags.map(\.key)]
        for tag in tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        return keys
    }
}

extension OperationContext {
    /// The tags of `organization`'s resources, on the call's transaction.
    public func organizationTags(_ organization: OrganizationRecord) -> OrganizationTagRepository {
        OrganizationTagRepository(transaction: transaction, organizationID: organization.organizationID)
    }

    /// Checks that `resourceID` is a taggable resource of `organization` — a root, OU, account, one of its
    /// own policies or its resource policy — and, with `lock`, holds its row until commit so that tag
    /// counts serialise. - Throws: `TargetNotFoundException`; `InvalidInputException` (`IMMUTABLE_POLICY`)
    /// for an AWS-managed policy.
    func taggableResource(_ resourceID: String, of organization: OrganizationRecord, lock: Bool) async throws {
        if resourceID.hasPrefix("p-") {
            guard let policy = try await organizationPolicies(organization).policy(id: resourceID, lock: lock) else {
                throw OrganizationPolicyRules.targetNotFound
            }
            if policy.awsManaged { throw OrganizationPolicyRules.immutable }
            return
        }
        if resourceID.hasPrefix("rp-") {
            guard try await organizationTags(organization).resourcePolicyExists(resourceID, lock: lock) else {
                throw OrganizationPolicyRules.targetNotFound
            }
            return
        }
        if resourceID.hasPrefix("rt-") { throw OrganizationPolicyRules.targetNotFound }
        guard try await policyAttachments(organization).target(resourceID, lock: lock) != nil else {
            throw OrganizationPolicyRules.targetNotFound
        }
    }
}
