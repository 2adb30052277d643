public import Foundation

/// An organization as stored: its id, management account and feature set.
public struct OrganizationRecord: Sendable, Hashable {
    public let organizationID: String
    public let managementAccountID: String
    public let featureSet: String
    public let createdAt: Date

    public init(organizationID: String, managementAccountID: String, featureSet: String, createdAt: Date) {
        self.organizationID = organizationID
        self.managementAccountID = managementAccountID
        self.featureSet = featureSet
        self.createdAt = createdAt
    }

    /// `arn:aws:organizations::MANAGEMENT:organization/o-…`.
    public var arn: String { "arn:aws:organizations::\(managementAccountID):organization/\(organizationID)" }
}
