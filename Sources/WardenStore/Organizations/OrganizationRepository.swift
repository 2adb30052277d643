import Foundation
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
}
