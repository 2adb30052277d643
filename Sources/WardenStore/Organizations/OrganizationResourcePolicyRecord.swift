public import Foundation

/// An organization's resource-based delegation policy (`PutResourcePolicy`): one per organization.
public struct OrganizationResourcePolicyRecord: Sendable, Hashable {
    /// `rp-…`, kept when the policy is replaced.
    public let policyID: String
    public let content: String
    public let updatedAt: Date

    public init(policyID: String, content: String, updatedAt: Date) {
        self.policyID = policyID
        self.content = content
        self.updatedAt = updatedAt
    }
}
