import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// A member account leaving its organization on its own: it becomes a standalone account again.
///
/// AWS also requires the account to hold what a standalone account needs (support plan, contact
/// information, payment method, phone verification); Warden keeps none of these, so nothing is missing and
/// only the rules it can check apply: not the management account, not a delegated administrator, and for an
/// account the organization created, four days after its creation.
extension Organizations.LeaveOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:LeaveOrganization"

    /// How long an account created in the organization must wait before it can leave.
    static let waitPeriod: TimeInterval = 4 * 86_400

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.callerOrganization(lock: true)
        if organization.managementAccountID == call.accountID {
            throw Organizations.Errors.masterCannotLeaveOrganizationException(
                "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.")
        }
        let members = call.memberships(of: organization)
        let member = try await call.member(call.accountID, of: organization, lock: true)
        if try await members.isDelegatedAdministrator(member.accountID) {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. To complete this operation, you must first deregister this account as a delegated administrator.",
                reason: "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG")
        }
        if member.joinedMethod == "CREATED", call.now.timeIntervalSince(member.joinedAt) < waitPeriod {
            throw Organizations.Errors.constraintViolationException(
                "After you create an Amazon Web Services account, you must wait until at least four days after the account was created. Invited accounts aren't subject to this waiting period.",
                reason: "WAIT_PERIOD_ACTIVE")
        }
        try await members.remove(member.accountID)
        return Output()
    }
}
