public import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

/// What finishing a `CreateAccount` request does, in the worker's transaction: the account, its membership
/// under the root, its administrator role trusting the management account, and its tags — all or nothing.
public enum AccountCreation {
    /// The most accounts an organization holds, closed ones included (AWS's quota, raisable there on request:
    /// raise it here). Past it a request fails `ACCOUNT_LIMIT_EXCEEDED`.
    public static let accountQuota = 10_000
    /// The role AWS creates when `RoleName` is not given.
    public static let defaultRoleName = "OrganizationAccountAccessRole"
    /// What the role is given: AWS's `AdministratorAccess`.
    static let administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

    /// A request that cannot succeed, with AWS's `FailureReason`.
    public struct Failure: Error, Equatable {
        public let reason: String
    }

    /// The trust policy of the new account's role: the management account (its principals allowed by their
    /// own policies) may assume it.
    static func trustPolicy(managementAccountID: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(managementAccountID):root"},"Action":"sts:AssumeRole"}]}"#
    }

    /// Creates the account `request` asks for and returns its id.
    /// - Throws: ``Failure`` (`INVALID_EMAIL`, `ACCOUNT_LIMIT_EXCEEDED`, `EMAIL_ALREADY_EXISTS`); the caller
    ///   rolls back whatever was written before it.
    public static func create(_ request: CreateAccountRequestRecord, transaction: StoreTransaction, now: Date) async throws -> String {
        guard isValidEmail(request.email) else { throw Failure(reason: "INVALID_EMAIL") }
        // The organization's row serializes creations (and invitations) against its quota.
        guard
            let organization = try await OrganizationRepository(transaction: transaction).organization(
                id: request.organizationID, lockForUpdate: true)
        else { throw Failure(reason: "INTERNAL_FAILURE") }
        let members = AccountMembershipRepository(transaction: transaction, organizationID: organization.organizationID)
        guard try await members.count() < accountQuota else { throw Failure(reason: "ACCOUNT_LIMIT_EXCEEDED") }
        if try await members.emailInUse(request.email) { throw Failure(reason: "EMAIL_ALREADY_EXISTS") }
        let accountID: String
        do {
            accountID = try await members.createAccount(name: request.accountName, email: request.email, at: now) {
                AWSIdentifier.accountID.generate()
            }
        } catch StoreError.duplicate("accounts_email_key") {
            throw Failure(reason: "EMAIL_ALREADY_EXISTS")
        }
        try await OrganizationRepository(transaction: transaction).addMember(
            accountID, to: organization.organizationID, joinedMethod: "CREATED", at: now)
        let role = IAMRoleRecord(
            roleID: AWSIdentifier.roleID.generate(), accountID: accountID, name: request.roleName, path: "/",
            assumeRolePolicy: trustPolicy(managementAccountID: organization.managementAccountID), createdAt: now)
        try await RoleRepository(transaction: transaction, accountID: accountID).create(role)
        try await AttachmentRepository(transaction: transaction, accountID: accountID).attach(
            policyARN: administratorAccess, policyID: nil, to: PolicyHolder(kind: .role, id: role.roleID, name: role.name, path: role.path),
            at: now)
        try await members.tag(accountID, request.tags)
        return accountID
    }

    /// AWS's rules for an account's email beyond the model's pattern: 7-bit ASCII, one `@`, a local part
    /// without whitespace or `"'()<>[]:;,\|%&` that does not begin with a dot, a domain of letters, digits,
    /// hyphens and dots with at least one dot, not beginning or ending with a hyphen or dot.
    static func isValidEmail(_ email: String) -> Bool {
        guard (6...64).contains(email.utf8.count), email.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty else { return false }
        let forbidden = Set(" \t\r\n\"'()<>[]:;,\\|%&")
        guard !local.hasPrefix("."), !local.contains(where: { forbidden.contains($0) || $0.isWhitespace }) else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard domain.allSatisfy({ allowed.contains($0) }), domain.contains("."),
            let first = domain.first, let last = domain.last, !"-.".contains(first), !"-.".contains(last)
        else { return false }
        return true
    }
}
