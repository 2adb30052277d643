public import Foundation

/// A policy of an organization (SCP, RCP or a management policy type), or one of the AWS-managed
/// policies every organization shares (`organizationID` nil).
public struct OrganizationPolicyRecord: Sendable, Hashable {
    public let policyID: String
    public let organizationID: String?
    public let type: String
    public var name: String
    public var description: String
    public var content: String
    public let createdAt: Date

    public init(
        policyID: String, organizationID: String?, type: String, name: String, description: String, content: String, createdAt: Date
    ) {
        self.policyID = policyID
        self.organizationID = organizationID
        self.type = type
        self.name = name
        self.description = description
        self.content = content
        self.createdAt = createdAt
    }

    /// AWS-managed (`FullAWSAccess`, `RCPFullAWSAccess`): attachable, never changed or deleted.
    public var awsManaged: Bool { organizationID == nil }
}

/// A root, OU or account a policy can be attached to, with what `ListTargetsForPolicy` reports of it.
public struct PolicyTargetRecord: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case root = "ROOT"
        case organizationalUnit = "ORGANIZATIONAL_UNIT"
        case account = "ACCOUNT"
    }

    public let targetID: String
    public let kind: Kind
    public let name: String

    public init(targetID: String, kind: Kind, name: String) {
        self.targetID = targetID
        self.kind = kind
        self.name = name
    }
}
