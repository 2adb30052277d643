public import Foundation

/// A member account of an organization as stored: the account's own row joined with its membership.
public struct OrganizationAccountRecord: Sendable, Hashable {
    public let accountID: String
    public let name: String
    public let email: String
    /// `ACTIVE`, `PENDING_CLOSURE` or `SUSPENDED` (the `accounts.status` column).
    public let status: String
    /// When `CloseAccount` closed it, nil for an open account.
    public let closedAt: Date?
    public let organizationID: String
    /// The root or OU the account sits in.
    public let parentID: String
    /// `INVITED` or `CREATED`.
    public let joinedMethod: String
    public let joinedAt: Date

    public init(
        accountID: String, name: String, email: String, status: String, closedAt: Date?, organizationID: String, parentID: String,
        joinedMethod: String, joinedAt: Date
    ) {
        self.accountID = accountID
        self.name = name
        self.email = email
        self.status = status
        self.closedAt = closedAt
        self.organizationID = organizationID
        self.parentID = parentID
        self.joinedMethod = joinedMethod
        self.joinedAt = joinedAt
    }

    /// How long AWS keeps a closed account `SUSPENDED` (reopenable through support) before it is `CLOSED`.
    public static let closureGracePeriod: TimeInterval = 90 * 24 * 3600

    /// AWS's `AccountState` at `date`: `ACTIVE`, `PENDING_CLOSURE`, `SUSPENDED` during the 90-day grace
    /// period after a closure, then `CLOSED`.
    public func state(at date: Date) -> String {
        switch status {
        case "SUSPENDED":
            if let closedAt, date.timeIntervalSince(closedAt) >= Self.closureGracePeriod { return "CLOSED" }
            return "SUSPENDED"
        default: return status
        }
    }
}
