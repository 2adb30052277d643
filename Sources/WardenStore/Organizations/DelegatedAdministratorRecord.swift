public import Foundation

/// A member account registered as delegated administrator: the account as a member, and the earliest of
/// its delegations among those listed.
public struct DelegatedAdministratorRecord: Sendable, Hashable {
    public let account: OrganizationAccountRecord
    public let delegatedAt: Date

    public init(account: OrganizationAccountRecord, delegatedAt: Date) {
        self.account = account
        self.delegatedAt = delegatedAt
    }
}

/// One service an account administers for its organization.
public struct DelegatedServiceRecord: Sendable, Hashable {
    public let servicePrincipal: String
    public let delegatedAt: Date

    public init(servicePrincipal: String, delegatedAt: Date) {
        self.servicePrincipal = servicePrincipal
        self.delegatedAt = delegatedAt
    }
}
