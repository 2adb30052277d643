public import Foundation

/// An IAM instance profile, as stored, with the ids of its roles (AWS allows one).
public struct InstanceProfileRecord: Sendable, Equatable {
    public var instanceProfileID: String
    public var accountID: String
    public var name: String
    public var path: String
    public var tags: [TagRecord]
    public var createdAt: Date
    public var roleIDs: [String]

    public init(
        instanceProfileID: String, accountID: String, name: String, path: String, tags: [TagRecord], createdAt: Date, roleIDs: [String] = []
    ) {
        self.instanceProfileID = instanceProfileID
        self.accountID = accountID
        self.name = name
        self.path = path
        self.tags = tags
        self.createdAt = createdAt
        self.roleIDs = roleIDs
    }

    /// `arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME`.
    public var arn: String { "arn:aws:iam::\(accountID):instance-profile\(path)\(name)" }
}
