public import Foundation

/// An OpenID Connect identity provider of an account, as stored.
public struct OpenIDConnectProviderRecord: Sendable, Equatable {
    /// The issuer URL without its `https://` scheme: what the provider's ARN ends with.
    public var url: String
    public var clientIDs: [String]
    public var thumbprints: [String]
    public var tags: [TagRecord]
    public var createdAt: Date

    public init(url: String, clientIDs: [String], thumbprints: [String], tags: [TagRecord], createdAt: Date) {
        self.url = url
        self.clientIDs = clientIDs
        self.thumbprints = thumbprints
        self.tags = tags
        self.createdAt = createdAt
    }
}
