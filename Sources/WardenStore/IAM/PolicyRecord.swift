public import Foundation

/// A customer managed policy as stored, with how this account uses it.
public struct IAMPolicyRecord: Sendable, Hashable {
    public var policyID: String
    public var accountID: String
    public var name: String
    public var path: String
    public var description: String?
    /// `v1`, `v2`, …: the version whose document applies.
    public var defaultVersion: String
    /// The number of the next version: AWS never reuses a version id.
    public var nextVersion: Int
    public var tags: [TagRecord]
    public var createdAt: Date
    public var updatedAt: Date
    /// Users, groups and roles it is attached to.
    public var attachmentCount: Int
    /// Users and roles that use it as their permissions boundary.
    public var boundaryUsageCount: Int

    public init(
        policyID: String, accountID: String, name: String, path: String, description: String?, defaultVersion: String = "v1",
        nextVersion: Int = 2, tags: [TagRecord] = [], createdAt: Date, updatedAt: Date, attachmentCount: Int = 0, boundaryUsageCount: Int = 0
    ) {
        self.policyID = policyID
        self.accountID = accountID
        self.name = name
        self.path = path
        self.description = description
        self.defaultVersion = defaultVersion
        self.nextVersion = nextVersion
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.attachmentCount = attachmentCount
        self.boundaryUsageCount = boundaryUsageCount
    }

    /// `arn:aws:iam::ACCOUNT:policy/PATH/NAME`.
    public var arn: String { "arn:aws:iam::\(accountID):policy\(path)\(name)" }
}

/// One version of a customer managed policy: its document exactly as it was given.
public struct PolicyVersionRecord: Sendable, Hashable {
    public var versionID: String
    public var document: String
    public var createdAt: Date

    public init(versionID: String, document: String, createdAt: Date) {
        self.versionID = versionID
        self.document = document
        self.createdAt = createdAt
    }

    /// The number in `vN`, for ordering (`v10` after `v9`).
    public var number: Int { Int(versionID.dropFirst()) ?? 0 }
}

/// How often a managed policy (the account's or AWS's) is used in one account.
public struct PolicyUsage: Sendable, Hashable {
    public var attachments: Int
    public var boundaries: Int

    public init(attachments: Int = 0, boundaries: Int = 0) {
        self.attachments = attachments
        self.boundaries = boundaries
    }
}
