import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// The organization itself: create, describe, delete.
extension Organizations.CreateOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:CreateOrganization"

    /// The caller's account becomes the management account and first member, in a new root named `Root`.
    /// As AWS does in practice, no policy type is enabled on the root yet (`EnablePolicyType` does that).
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if try await call.organizations.organization(ofAccount: call.accountID) != nil { throw OrganizationLifecycle.alreadyInOrganization }
        var rootID = AWSIdentifier.rootID.generate()
        while try await call.organizations.unitIDInUse(rootID) { rootID = AWSIdentifier.rootID.generate() }
        let organization = OrganizationRecord(
            organizationID: AWSIdentifier.organizationID.generate(), managementAccountID: call.accountID, featureSet: input.featureSet ?? "ALL",
            createdAt: call.now)
        do {
            try await call.organizations.create(organization, rootID: rootID, at: call.now)
        } catch StoreError.duplicate {
            throw OrganizationLifecycle.alreadyInOrganization
        }
        return Output(organization: try await OrganizationLifecycle.shape(organization, call))
    }
}

extension Organizations.DescribeOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeOrganization"
    public static let access: OperationAccess = .read

    /// Any member may describe its organization, not only the management account.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        Output(organization: try await OrganizationLifecycle.shape(try await call.callerOrganization(), call))
    }
}

extension Organizations.DeleteOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:DeleteOrganization"

    /// Only an organization with no member but its management account can go; its root, OUs, policies and
    /// attachments go with it. The organization's row is held `FOR UPDATE` while counting, so no account
    /// joins in between (joining holds it `FOR SHARE`).
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let managed = try await call.managedOrganization()
        guard let organization = try await call.organizations.organization(id: managed.organizationID, lockForUpdate: true) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        if try await call.organizations.memberCount(of: organization) > 0 {
            throw Organizations.Errors.organizationNotEmptyException(
                "The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.")
        }
        try await call.organizations.delete(organization.organizationID)
        return Output()
    }
}

/// What the organization operations share: the answer's shape and AWS's refusals.
enum OrganizationLifecycle {
    static let alreadyInOrganization = Organizations.Errors.alreadyInOrganizationException(
        "This account is already a member of an organization. An account can belong to only one organization at a time.")

    /// The organization as AWS describes it. `AvailablePolicyTypes` is AWS's deprecated summary: SCPs for an
    /// organization with all features, nothing for consolidated billing (`ListRoots` tells what is enabled).
    static func shape(_ organization: OrganizationRecord, _ call: OperationContext) async throws -> Organizations.Organization {
        let arns = OrganizationARNBuilder(organization)
        let available =
            organization.featureSet == "ALL" ? [Organizations.PolicyTypeSummary(type: "SERVICE_CONTROL_POLICY", status: "ENABLED")] : []
        return Organizations.Organization(
            id: organization.organizationID, arn: organization.arn, featureSet: organization.featureSet,
            masterAccountArn: arns.account(organization.managementAccountID), masterAccountId: organization.managementAccountID,
            masterAccountEmail: try await call.organizations.email(ofAccount: organization.managementAccountID),
            availablePolicyTypes: available)
    }
}
