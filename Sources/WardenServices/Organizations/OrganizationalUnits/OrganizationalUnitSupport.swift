import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

/// The limits AWS sets on an organization's tree.
public enum OrganizationalUnitLimits {
    /// OUs per organization: AWS's quota (2,000 in the Organizations quotas table), a customer-raisable one
    /// in AWS. This is the one place to change it.
    public static let maxOrganizationalUnits = 2000
    /// OUs nest at most five levels below the root (a fixed limit).
    public static let maxDepth = 5
    /// User tags on one resource.
    public static let maxTags = 50
}

extension OperationContext {
    /// The root and OUs of `organization`, on the call's transaction.
    public func units(of organization: OrganizationRecord) -> OrganizationalUnitRepository {
        OrganizationalUnitRepository(transaction: transaction, organizationID: organization.organizationID)
    }
}

/// The refusals of the organization's tree, in AWS's words.
enum OrganizationTreeErrors {
    static let parentNotFound = Organizations.Errors.parentNotFoundException("We can't find a root or OU with the ParentId that you specified.")
    static let unitNotFound = Organizations.Errors.organizationalUnitNotFoundException(
        "We can't find an OU with the OrganizationalUnitId that you specified.")
    static let childNotFound = Organizations.Errors.childNotFoundException(
        "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.")
    static let rootNotFound = Organizations.Errors.rootNotFoundException("We can't find a root with the RootId that you specified.")
    static let duplicateUnit = Organizations.Errors.duplicateOrganizationalUnitException("An OU with the same name already exists.")
}

/// Organizations' tags on a new resource: checked as AWS checks them, and as condition keys.
enum OrganizationTagInput {
    /// The tags as stored. - Throws: `InvalidInputException` for a repeated key or a reserved `aws:` key,
    ///   `ConstraintViolationException` beyond the tag quota.
    static func records(_ tags: [Organizations.Tag]?) throws(AWSServiceError) -> [TagRecord] {
        guard let tags else { return [] }
        var seen = Set<String>()
        for tag in tags {
            if tag.key.lowercased().hasPrefix("aws:") {
                throw Organizations.Errors.invalidInputException(
                    "You can't specify tags with the 'aws:' prefix. Tags with this prefix are reserved for system use.",
                    reason: "INVALID_SYSTEM_TAGS_PARAMETER")
            }
            guard seen.insert(tag.key).inserted else {
                throw Organizations.Errors.invalidInputException(
                    "Tag keys must be unique among the tags attached to the same entity.", reason: "DUPLICATE_TAG_KEY")
            }
        }
        if tags.count > OrganizationalUnitLimits.maxTags {
            throw Organizations.Errors.constraintViolationException(
                "You have exceeded the maximum number of tags allowed on this resource.", reason: "MAX_TAG_LIMIT_EXCEEDED")
        }
        return tags.map { TagRecord(key: $0.key, value: $0.value) }
    }

    /// `aws:RequestTag/…` and `aws:TagKeys` for a request carrying tags.
    static func conditionKeys(_ tags: [Organizations.Tag]?) -> [String: [String]] {
        guard let tags, !tags.isEmpty else { return [:] }
        var keys: [String: [String]] = ["aws:TagKeys": tags.map(\.key)]
        for tag in tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        return keys
    }
}

extension OrganizationalUnitRecord {
    /// The OU as AWS answers it, at `path` (`o-…/r-…/ou-…/`).
    func shape(_ arns: OrganizationARNBuilder, path: String) -> Organizations.OrganizationalUnit {
        Organizations.OrganizationalUnit(id: unitID, arn: arns.organizationalUnit(unitID), name: name, path: path)
    }

    /// The node as a parent (`ListParents`), typed `ROOT` or `ORGANIZATIONAL_UNIT`.
    var parentShape: Organizations.Parent { Organizations.Parent(id: unitID, type: kind) }
}
