import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// Account creation: `CreateAccount` records the request and returns at once, `IN_PROGRESS`; the
/// ``AccountCreationWorker`` finishes it. The requests are then read back by id or listed.
extension Organizations.CreateAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:CreateAccount"

    /// The most tags an account carries in an organization.
    static let tagLimit = 50

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        AccountTagKeys.conditionKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        let roleName = input.roleName ?? AccountCreation.defaultRoleName
        if roleName.hasPrefix("AWSServiceRoleFor") {
            throw Organizations.Errors.invalidInputException(
                "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.",
                reason: "INVALID_ROLE_NAME")
        }
        let tags = try AccountTagKeys.validated(input.tags, limit: tagLimit)
        // Tagging the new account needs its own permission, as AWS asks for `organizations:TagResource`.
        if !tags.isEmpty {
            try await call.requirePermission(
                "organizations:TagResource", on: "*", keys: AccountTagKeys.conditionKeys(input.tags), protocol: Organizations.protocol)
        }
        let request = CreateAccountRequestRecord(
            requestID: AWSIdentifier.createAccountRequestID.generate(), organizationID: organization.organizationID,
            accountName: input.accountName, email: input.email, roleName: roleName,
            iamUserAccessToBilling: input.iamUserAccessToBilling ?? "ALLOW", tags: tags, requestedAt: call.now.wholeSeconds)
        try await call.createAccountRequests.create(request)
        return Output(createAccountStatus: request.shape)
    }
}

extension Organizations.DescribeCreateAccountStatus: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeCreateAccountStatus"
    public static var access: OperationAccess { .read }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        guard let request = try await call.createAccountRequests.request(input.createAccountRequestId, organizationID: organization.organizationID)
        else {
            throw Organizations.Errors.createAccountStatusNotFoundException(
                "We can't find an create account request with the CreateAccountRequestId that you specified.")
        }
        return Output(createAccountStatus: request.shape)
    }
}

extension Organizations.ListCreateAccountStatus: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListCreateAccountStatus"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await call.createAccountRequests.list(
            organizationID: organization.organizationID, states: input.states ?? [], after: try OrganizationsPagination.start(after: input.nextToken),
            limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.key }
        return Output(createAccountStatuses: page.items.map(\.request.shape), nextToken: page.nextToken)
    }
}

/// The tags `CreateAccount` puts on the new account: their condition keys and AWS's checks.
enum AccountTagKeys {
    /// `aws:RequestTag/KEY` and `aws:TagKeys` of the request's tags.
    static func conditionKeys(_ tags: [Organizations.Tag]?) -> [String: [String]] {
        guard let tags, !tags.isEmpty else { return [:] }
        var keys: [String: [String]] = ["aws:TagKeys": tags.map(\.key)]
        for tag in tags { keys["aws:RequestTag/\(tag.key)"] = [tag.value] }
        return keys
    }

    /// The tags to store. - Throws: `InvalidInputException` for a duplicate key or an `aws:` key,
    /// `ConstraintViolationException` (`MAX_TAG_LIMIT_EXCEEDED`) past `limit`.
    static func validated(_ tags: [Organizations.Tag]?, limit: Int) throws(AWSServiceError) -> [TagRecord] {
        let tags = tags ?? []
        var seen = Set<String>()
        for tag in tags {
            if tag.key.lowercased().hasPrefix("aws:") {
                throw Organizations.Errors.invalidInputException(
                    "You specified a tag key that is a system tag. You can’t add, edit, or delete system tag keys because they're reserved for AWS use.",
                    reason: "INVALID_SYSTEM_TAGS_PARAMETER")
            }
            guard seen.insert(tag.key).inserted else {
                throw Organizations.Errors.invalidInputException(
                    "Tag keys must be unique among the tags attached to the same entity.", reason: "DUPLICATE_TAG_KEY")
            }
        }
        if tags.count > limit {
            throw Organizations.Errors.constraintViolationException(
                "You have exceeded the number of tags allowed on this resource.", reason: "MAX_TAG_LIMIT_EXCEEDED")
        }
        return tags.map { TagRecord(key: $0.key, value: $0.value) }
    }
}
