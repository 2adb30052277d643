public import Foundation

/// An IAM user as stored.
public struct IAMUserRecord: Sendable, Hashable {
    public var userID: String
    public var accountID: String
    public var name: String
    public var path: String
    public var createdAt: Date
    public var permissionsBoundary: String?
    public var tags: [TagRecord]
    public var passwordLastUsed: Date?

    public init(
        userID: String, accountID: String, name: String, path: String, createdAt: Date, permissionsBoundary: String? = nil,
        tags: [TagRecord] = [], passwordLastUsed: Date? = nil
    ) {
        self.userID = userID
        self.accountID = accountID
        self.name = name
        self.path = path
        self.createdAt = createdAt
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
        self.passwordLastUsed = passwordLastUsed
    }

    /// `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
    public var arn: String { "arn:aws:iam::\(accountID):user\(path)\(name)" }
}
