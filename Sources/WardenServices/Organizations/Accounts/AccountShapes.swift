import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

extension OperationContext {
    /// The member accounts of `organization`, on the call's transaction.
    public func memberships(of organization: OrganizationRecord) -> AccountMembershipRepository {
        AccountMembershipRepository(transaction: transaction, organizationID: organization.organizationID)
    }

    /// `CreateAccount` requests, on the call's transaction.
    public var createAccountRequests: CreateAccountRequestRepository { CreateAccountRequestRepository(transaction: transaction) }

    /// The member `accountID` of `organization`.
    /// - Throws: `AccountNotFoundException` in AWS's words when it is not a member of it.
    func member(_ accountID: String, of organization: OrganizationRecord, lock: Bool = false) async throws -> OrganizationAccountRecord {
        guard let member = try await memberships(of: organization).member(accountID, lock: lock) else { throw AccountErrors.notFound }
        return member
    }
}

/// The refusals of the account operations, in AWS's words.
enum AccountErrors {
    static let notFound = Organizations.Errors.accountNotFoundException(
        "You specified an account that doesn't exist.")
    static let parentNotFound = Organizations.Errors.parentNotFoundException(
        "We can't find a root or OU with the ParentId that you specified.")
}

extension OrganizationAccountRecord {
    /// The `Account` shape AWS returns at `date` (whose `State` depends on how long ago it was closed).
    func shape(at date: Date, in organization: OrganizationRecord) -> Organizations.Account {
        Organizations.Account(
            id: accountID, arn: OrganizationARNBuilder(organization).account(accountID),
            email: email, name: name, status: status, state: state(at: date), joinedMethod: joinedMethod, joinedTimestamp: joinedAt)
    }
}

extension CreateAccountRequestRecord {
    /// The `CreateAccountStatus` shape AWS returns.
    var shape: Organizations.CreateAccountStatus {
        Organizations.CreateAccountStatus(
            id: requestID, accountName: accountName, state: state, requestedTimestamp: requestedAt, completedTimestamp: completedAt,
            accountId: accountID, failureReason: failureReason)
    }
}
