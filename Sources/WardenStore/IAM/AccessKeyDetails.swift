public import Foundation

/// An access key as IAM's key operations show it: never the secret.
public struct AccessKeyDetails: Sendable, Equatable {
    public let accessKeyID: String
    /// The owning IAM user; nil for the account root user's keys.
    public let userID: String?
    public let status: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let lastUsedService: String?
    public let lastUsedRegion: String?

    public init(
        accessKeyID: String, userID: String?, status: String, createdAt: Date, lastUsedAt: Date? = nil, lastUsedService: String? = nil,
        lastUsedRegion: String? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.userID = userID
        self.status = status
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.lastUsedService = lastUsedService
        self.lastUsedRegion = lastUsedRegion
    }
}
