public import Foundation

/// A `CreateAccount` request as stored: `IN_PROGRESS` until the account creation worker finishes it as
/// `SUCCEEDED` (with the new account's id) or `FAILED` (with AWS's failure reason).
public struct CreateAccountRequestRecord: Sendable, Hashable {
    public let requestID: String
    public let organizationID: String
    public let accountName: String
    public let email: String
    public let roleName: String
    public let iamUserAccessToBilling: String
    public let tags: [TagRecord]
    public var state: String
    public var accountID: String?
    public var failureReason: String?
    public let requestedAt: Date
    public var completedAt: Date?

    public init(
        requestID: String, organizationID: String, accountName: String, email: String, roleName: String, iamUserAccessToBilling: String,
        tags: [TagRecord], state: String = "IN_PROGRESS", accountID: String? = nil, failureReason: String? = nil, requestedAt: Date,
        completedAt: Date? = nil
    ) {
        self.requestID = requestID
        self.organizationID = organizationID
        self.accountName = accountName
        self.email = email
        self.roleName = roleName
        self.iamUserAccessToBilling = iamUserAccessToBilling
        self.tags = tags
        self.state = state
        self.accountID = accountID
        self.failureReason = failureReason
        self.requestedAt = requestedAt
        self.completedAt = completedAt
    }
}
