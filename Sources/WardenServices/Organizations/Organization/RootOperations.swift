import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// The root and the policy types enabled on it: list, enable, disable.
extension Organizations.ListRoots: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListRoots"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        guard let root = try await call.units(of: organization).root() else { return Output(roots: []) }
        let shape = try await RootShape.shape(root, organization, call)
        let page = try OrganizationsPagination.page([shape], nextToken: input.nextToken, maxResults: input.maxResults) { $0.id ?? "" }
        return Output(roots: page.items, nextToken: page.nextToken)
    }
}

extension Organizations.EnablePolicyType: ServiceOperation {
    public static let action: RequiredAction = "organizations:EnablePolicyType"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().root(input.rootId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:PolicyType": [input.policyType]]
    }

    /// Enabling SCPs or RCPs attaches `FullAWSAccess` / `RCPFullAWSAccess` to the root, every OU and every
    /// account, as AWS does, so that nothing is denied until narrower policies are attached.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (organization, root) = try await RootShape.lockedRoot(input.rootId, call)
        guard organization.featureSet == "ALL" else { throw RootShape.typeNotAvailable }
        do {
            try await call.organizations.enablePolicyType(input.policyType, organizationID: organization.organizationID, rootID: root.unitID)
        } catch StoreError.duplicate {
            throw Organizations.Errors.policyTypeAlreadyEnabledException("The specified policy type is already enabled.")
        }
        return Output(root: try await RootShape.shape(root, organization, call))
    }
}

extension Organizations.DisablePolicyType: ServiceOperation {
    public static let action: RequiredAction = "organizations:DisablePolicyType"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().root(input.rootId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:PolicyType": [input.policyType]]
    }

    /// Every policy of the type is detached from everything in the organization; the policies remain.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (organization, root) = try await RootShape.lockedRoot(input.rootId, call)
        guard try await call.organizations.disablePolicyType(input.policyType, organizationID: organization.organizationID, rootID: root.unitID)
        else {
            throw Organizations.Errors.policyTypeNotEnabledException(
                "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root."
            )
        }
        return Output(root: try await RootShape.shape(root, organization, call))
    }
}

/// The root as AWS answers it, and the lock policy-type changes take.
enum RootShape {
    static let typeNotAvailable = Organizations.Errors.policyTypeNotAvailableForOrganizationException(
        "You can't use the specified policy type with the feature set currently enabled for this organization. For example, you can enable SCPs only after you enable all features in the organization."
    )

    static func shape(_ root: OrganizationalUnitRecord, _ organization: OrganizationRecord, _ call: OperationContext) async throws
        -> Organizations.Root
    {
        let types = try await call.organizations.policyTypes(root: root.unitID)
        return Organizations.Root(
            id: root.unitID, arn: OrganizationARNBuilder(organization).root(root.unitID), name: root.name,
            policyTypes: types.map { Organizations.PolicyTypeSummary(type: $0.policyType, status: $0.status) })
    }

    /// The caller's organization held `FOR UPDATE` (no OU or member appears while the type's default policy
    /// is attached everywhere) and its root, which must be `rootID`.
    static func lockedRoot(_ rootID: String, _ call: OperationContext) async throws -> (OrganizationRecord, OrganizationalUnitRecord) {
        let managed = try await call.managedOrganization()
        guard let organization = try await call.organizations.organization(id: managed.organizationID, lockForUpdate: true) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        guard let root = try await call.units(of: organization).root(), root.unitID == rootID else { throw OrganizationTreeErrors.rootNotFound }
        return (organization, root)
    }
}
