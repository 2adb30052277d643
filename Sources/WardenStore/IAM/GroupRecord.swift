public import Foundation

/// An IAM group as stored.
public struct IAMGroupRecord: Sendable, Hashable {
    public var groupID: String
    public var accountID: String
    public var name: String
    public var path: String
    public var createdAt: Date

    public init(groupID: String, accountID: String, name: String, path: String, createdAt: Date) {
        self.groupID = groupID
        self.accountID = accountID
        self.name = name
        self.path = path
        self.createdAt = createdAt
    }

    /// `arn:aws:iam::ACCOUNT:group/PATH/NAME`.
    public var arn: String { "arn:aws:iam::\(accountID):group\(path)\(name)" }
}
