public import Foundation

/// An IAM role as stored. The trust policy is kept as the JSON the caller sent.
public struct IAMRoleRecord: Sendable, Hashable {
    public var roleID: String
    public var accountID: String
    public var name: String
    public var path: String
    public var assumeRolePolicy: String
    public var description: String?
    public var maxSessionDuration: Int
    public var permissionsBoundary: String?
    public var tags: [TagRecord]
    /// The AWS service (`elasticbeanstalk.amazonaws.com`) that owns a service-linked role, else nil.
    public var serviceLinkedTo: String?
    public var lastUsedAt: Date?
    public var lastUsedRegion: String?
    public var createdAt: Date

    public init(
        roleID: String, accountID: String, name: String, path: String, assumeRolePolicy: String, description: String? = nil,
        maxSessionDuration: Int = 3600, permissionsBoundary: String? = nil, tags: [TagRecord] = [], serviceLinkedTo: String? = nil,
        lastUsedAt: Date? = nil, lastUsedRegion: String? = nil, createdAt: Date
    ) {
        self.roleID = roleID
        self.accountID = accountID
        self.name = name
        self.path = path
        self.assumeRolePolicy = assumeRolePolicy
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
        self.serviceLinkedTo = serviceLinkedTo
        self.lastUsedAt = lastUsedAt
        self.lastUsedRegion = lastUsedRegion
        self.createdAt = createdAt
    }

    /// `arn:aws:iam::ACCOUNT:role/PATH/NAME`.
    public var arn: String { "arn:aws:iam::\(accountID):role\(path)\(name)" }
}

/// A `DeleteServiceLinkedRole` task as stored; `status` is one of AWS's `DeletionTaskStatusType`.
public struct ServiceLinkedRoleDeletionRecord: Sendable, Hashable {
    public var taskID: String
    public var roleName: String
    public var status: String
    public var reason: String?

    public init(taskID: String, roleName: String, status: String, reason: String? = nil) {
        self.taskID = taskID
        self.roleName = roleName
        self.status = status
        self.reason = reason
    }
}
