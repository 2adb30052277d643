import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// Walking the organization's tree: the OUs of a parent, the children of a parent, the parent of a child.
extension Organizations.ListOrganizationalUnitsForParent: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListOrganizationalUnitsForParent"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().unit(input.parentId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let units = call.units(of: organization)
        guard let parent = try await units.unit(input.parentId) else { throw OrganizationTreeErrors.parentNotFound }
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await units.units(in: parent.unitID, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.unitID }
        let parentPath = try await units.path(of: parent.unitID)
        let arns = OrganizationARNBuilder(organization)
        return Output(
            organizationalUnits: page.items.map { $0.shape(arns, path: parentPath + $0.unitID + "/") }, nextToken: page.nextToken)
    }
}

extension Organizations.ListChildren: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListChildren"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().unit(input.parentId)
    }

    /// The accounts or the OUs (`ChildType`) directly in the parent.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let units = call.units(of: organization)
        guard let parent = try await units.unit(input.parentId) else { throw OrganizationTreeErrors.parentNotFound }
        let limit = OrganizationsPagination.limit(input.maxResults)
        let after = try OrganizationsPagination.start(after: input.nextToken)
        let ids: [String]
        if input.childType == "ACCOUNT" {
            ids = try await units.accountIDs(in: parent.unitID, after: after, limit: limit + 1)
        } else {
            ids = try await units.units(in: parent.unitID, after: after, limit: limit + 1).map(\.unitID)
        }
        let page = OrganizationsPagination.page(ids, limit: limit) { $0 }
        return Output(children: page.items.map { Organizations.Child(id: $0, type: input.childType) }, nextToken: page.nextToken)
    }
}

extension Organizations.ListParents: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListParents"

    /// AWS authorizes on the child: the account's or the OU's ARN.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        let arns = try await call.organizationARNs()
        return AWSIdentifier.isValidOrganizationalUnitID(input.childId) ? arns.organizationalUnit(input.childId) : arns.account(input.childId)
    }

    /// A child has exactly one parent: the root or an OU.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let units = call.units(of: organization)
        let parentID: String?
        if AWSIdentifier.isValidOrganizationalUnitID(input.childId) {
            let child = try await units.unit(input.childId)
            parentID = child?.isRoot == false ? child?.parentID : nil
        } else {
            parentID = try await units.parentID(ofAccount: input.childId)
        }
        guard let parentID, let parent = try await units.unit(parentID) else { throw OrganizationTreeErrors.childNotFound }
        let page = try OrganizationsPagination.page([parent.parentShape], nextToken: input.nextToken, maxResults: input.maxResults) {
            $0.id ?? ""
        }
        return Output(parents: page.items, nextToken: page.nextToken)
    }
}
