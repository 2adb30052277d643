public import Foundation

/// A root or an organizational unit as stored: both are nodes accounts and OUs can sit in.
public struct OrganizationalUnitRecord: Sendable, Hashable {
    /// `r-…` for the root, `ou-…-…` for an OU.
    public let unitID: String
    public let organizationID: String
    /// Nil for the root.
    public let parentID: String?
    /// `ROOT` or `ORGANIZATIONAL_UNIT` (AWS's parent types).
    public let kind: String
    public let name: String
    /// 0 for the root; an OU is 1…5 levels below it.
    public let depth: Int
    public let createdAt: Date

    public init(unitID: String, organizationID: String, parentID: String?, kind: String, name: String, depth: Int, createdAt: Date) {
        self.unitID = unitID
        self.organizationID = organizationID
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.depth = depth
        self.createdAt = createdAt
    }

    public var isRoot: Bool { kind == "ROOT" }
}

/// A policy type's state on a root (`ListRoots`' `PolicyTypes`).
public struct PolicyTypeStatusRecord: Sendable, Hashable {
    public let policyType: String
    public let status: String

    public init(policyType: String, status: String) {
        self.policyType = policyType
        self.status = status
    }
}
