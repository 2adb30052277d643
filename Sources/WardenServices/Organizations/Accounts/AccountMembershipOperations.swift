import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Changing a member's place: moving it between parents, removing it (it becomes standalone), closing it.
/// Each locks the member's rows first, so changes to one account serialize.
extension Organizations.MoveAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:MoveAccount"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    /// The move is authorized on both parents too (the source and the destination root or OU).
    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] {
        let arns = try await call.organizationARNs()
        return [arns.unit(input.sourceParentId), arns.unit(input.destinationParentId)]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization()
        let members = call.memberships(of: organization)
        let member = try await call.member(input.accountId, of: organization, lock: true)
        guard try await members.parentExists(input.sourceParentId), member.parentID == input.sourceParentId else {
            throw Organizations.Errors.sourceParentNotFoundException("We can't find a source root or OU with the ParentId that you specified.")
        }
        guard try await members.parentExists(input.destinationParentId) else {
            throw Organizations.Errors.destinationParentNotFoundException(
                "We can't find the destination container (a root or OU) with the ParentId that you specified.")
        }
        guard input.destinationParentId != member.parentID else {
            throw Organizations.Errors.duplicateAccountException("That account is already present in the specified destination.")
        }
        do {
            try await members.move(member.accountID, to: input.destinationParentId)
        } catch StoreError.conflict {
            // The destination OU was deleted between the check and the move.
            throw Organizations.Errors.destinationParentNotFoundException(
                "We can't find the destination container (a root or OU) with the ParentId that you specified.")
        }
        return Output()
    }
}

extension Organizations.RemoveAccountFromOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:RemoveAccountFromOrganization"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization()
        if input.accountId == organization.managementAccountID {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to remove the management account from the organization. You can't remove the management account. Instead, after you remove all member accounts, delete the organization itself.",
                reason: "ACCOUNT_CANNOT_LEAVE_ORGANIZATION")
        }
        let members = call.memberships(of: organization)
        let member = try await call.member(input.accountId, of: organization, lock: true)
        if try await members.isDelegatedAdministrator(member.accountID) {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. To complete this operation, you must first deregister this account as a delegated administrator.",
                reason: "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG")
        }
        // The same rule as LeaveOrganization: an account the organization created has no standalone
        // information yet, and AWS makes it wait four days before it can go.
        if member.joinedMethod == "CREATED", call.now.timeIntervalSince(member.joinedAt) < Organizations.LeaveOrganization.waitPeriod {
            throw Organizations.Errors.constraintViolationException(
                "After you create an Amazon Web Services account, you must wait until at least four days after the account was created. Invited accounts aren't subject to this waiting period.",
                reason: "WAIT_PERIOD_ACTIVE")
        }
        try await members.remove(member.accountID)
        return Output()
    }
}

extension Organizations.CloseAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:CloseAccount"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    /// AWS's rolling quota: within 30 days, the higher of 250 and 20% of the members, at most 1,000.
    static func closureQuota(members: Int) -> Int { min(1_000, max(250, members / 5)) }
    static let closureWindow: TimeInterval = 30 * 24 * 3600

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // The organization's row (FOR UPDATE) serializes closures against the quota.
        let found = try await call.managedOrganization()
        guard let organization = try await call.organizations.organization(id: found.organizationID, lockForUpdate: true) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        if input.accountId == organization.managementAccountID {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization. Follow standard account closure process using root credentials.",
                reason: "CANNOT_CLOSE_MANAGEMENT_ACCOUNT")
        }
        let members = call.memberships(of: organization)
        let member = try await call.member(input.accountId, of: organization, lock: true)
        guard member.status == "ACTIVE" else {
            throw Organizations.Errors.accountAlreadyClosedException("You attempted to close an account that is already closed.")
        }
        if organization.featureSet != "ALL" {
            throw Organizations.Errors.constraintViolationException(
                "You can close an account only when all features are enabled in the organization.", reason: "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE")
        }
        let closed = try await members.closedCount(since: call.now.addingTimeInterval(-closureWindow))
        guard closed < closureQuota(members: try await members.count()) else {
            throw Organizations.Errors.constraintViolationException(
                "You have exceeded close account quota for the past 30 days.", reason: "CLOSE_ACCOUNT_QUOTA_EXCEEDED")
        }
        try await members.close(member.accountID, at: call.now)
        return Output()
    }
}
