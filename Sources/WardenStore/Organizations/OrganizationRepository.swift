public import Foundation
import PostgresNIO

/// Organizations and their membership, on the call's transaction. The other organization repositories
/// (units, policies, account requests, handshakes) take the organization this one finds.
public struct OrganizationRepository: Sendable {
    public let transaction: StoreTransaction

    public init(transaction: StoreTransaction) {
        self.transaction = transaction
    }

    static func record(_ row: (String, String, String, Date)) -> OrganizationRecord {
        OrganizationRecord(organizationID: row.0, managementAccountID: row.1, featureSet: row.2, createdAt: row.3)
    }

    /// The organization `accountID` belongs to (as member or management account), or nil. `lock` holds the
    /// organization's row (`FOR SHARE`: concurrent calls in one organization proceed; deleting it waits).
    public func organization(ofAccount accountID: String, lock: Bool = false) async throws -> OrganizationRecord? {
        let query: PostgresQuery =
            lock
            ? """
            SELECT o.organization_id, o.management_account_id, o.feature_set, o.created_at
            FROM org_accounts a JOIN organizations o ON o.organization_id = a.organization_id
            WHERE a.account_id = \(accountID) FOR SHARE OF o
            """
            : """
            SELECT o.organization_id, o.management_account_id, o.feature_set, o.created_at
            FROM org_accounts a JOIN organizations o ON o.organization_id = a.organization_id
            WHERE a.account_id = \(accountID)
            """
        return try await transaction.rows(query, as: (String, String, String, Date).self).first.map(Self.record)
    }

    /// The organization with id `organizationID`, locked `FOR UPDATE` when `lockForUpdate` (its deletion, its
    /// quotas).
    public func organization(id organizationID: String, lockForUpdate: Bool = false) async throws -> OrganizationRecord? {
        let query: PostgresQuery =
            lockForUpdate
            ? "SELECT organization_id, management_account_id, feature_set, created_at FROM organizations WHERE organization_id = \(organizationID) FOR UPDATE"
            : "SELECT organization_id, management_account_id, feature_set, created_at FROM organizations WHERE organization_id = \(organizationID)"
        return try await transaction.rows(query, as: (String, String, String, Date).self).first.map(Self.record)
    }

    /// The id of the organization's root.
    public func rootID(of organizationID: String) async throws -> String? {
        try await transaction.rows(
            "SELECT unit_id FROM org_units WHERE organization_id = \(organizationID) AND kind = 'ROOT'", as: String.self
        ).first
    }

    /// The policy types enabled on the organization's root (`SERVICE_CONTROL_POLICY`, …).
    public func enabledPolicyTypes(of organizationID: String) async throws -> [String] {
        try await transaction.rows(
            """
            SELECT t.policy_type FROM org_policy_types t JOIN org_units u ON u.unit_id = t.root_id
            WHERE u.organization_id = \(organizationID) AND t.status = 'ENABLED' ORDER BY t.policy_type
            """, as: String.self)
    }

    /// Makes `accountID` a member of the organization under `parentID` (its root when nil), with the
    /// AWS-managed policy of every enabled policy type attached, as AWS attaches `FullAWSAccess` to every
    /// new account. - Throws: ``StoreError/duplicate(_:)`` when the account is in an organization already.
    public func addMember(
        _ accountID: String, to organizationID: String, parentID: String? = nil, joinedMethod: String, at date: Date
    ) async throws {
        guard let parent = try await parentID.asyncOr({ try await rootID(of: organizationID) }) else {
            throw StoreError.conflict("org_accounts_parent_id_fkey")
        }
        try await transaction.execute(
            """
            INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method, joined_at)
            VALUES (\(accountID), \(organizationID), \(parent), \(joinedMethod), \(date))
            """)
        try await attachDefaultPolicies(organizationID: organizationID, accountID: accountID)
    }

    /// Attaches the AWS-managed policy of every enabled policy type (`p-FullAWSAccess` for SCPs,
    /// `p-RCPFullAWSAccess` for RCPs) to a new unit or account: exactly one of `unitID`, `accountID`.
    public func attachDefaultPolicies(organizationID: String, unitID: String? = nil, accountID: String? = nil) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id, account_id)
            SELECT \(organizationID), p.policy_id, p.policy_type, \(unitID), \(accountID)
            FROM org_policies p
            JOIN org_policy_types t ON t.policy_type = p.policy_type AND t.status = 'ENABLED'
            JOIN org_units r ON r.unit_id = t.root_id AND r.organization_id = \(organizationID)
            WHERE p.policy_id IN ('p-FullAWSAccess', 'p-RCPFullAWSAccess')
            ON CONFLICT DO NOTHING
            """)
    }
}

extension Optional where Wrapped: Sendable {
    /// The wrapped value, or `fallback`'s.
    func asyncOr(_ fallback: () async throws -> Wrapped?) async rethrows -> Wrapped? {
        if let value = self { return value }
        return try await fallback()
    }
}
