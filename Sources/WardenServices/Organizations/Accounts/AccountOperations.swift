import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// The member accounts of an organization, read by the management account (or a member it delegates reading
/// to): one, all, or those directly in a root or OU.
extension Organizations.DescribeAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeAccount"
    public static var access: OperationAccess { .read }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let member = try await call.member(input.accountId, of: organization)
        return Output(account: member.shape(at: call.now, in: organization))
    }
}

extension Organizations.ListAccounts: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListAccounts"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await call.memberships(of: organization).list(
            after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.accountID }
        return Output(accounts: page.items.map { $0.shape(at: call.now, in: organization) }, nextToken: page.nextToken)
    }
}

extension Organizations.ListAccountsForParent: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListAccountsForParent"

    /// Authorized on the parent: the root's or the OU's ARN.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().unit(input.parentId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let members = call.memberships(of: organization)
        guard try await members.parentExists(input.parentId) else { throw AccountErrors.parentNotFound }
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await members.list(
            parentID: input.parentId, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.accountID }
        return Output(accounts: page.items.map { $0.shape(at: call.now, in: organization) }, nextToken: page.nextToken)
    }
}
