public import Foundation
import PostgresNIO

/// One organization's resource-based delegation policy, on the call's transaction.
public struct OrganizationResourcePolicyRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    /// The organization's policy, or nil when it has none.
    public func policy() async throws -> OrganizationResourcePolicyRecord? {
        try await transaction.rows(
            "SELECT policy_id, content, updated_at FROM org_resource_policies WHERE organization_id = \(organizationID)",
            as: (String, String, Date).self
        ).first.map { OrganizationResourcePolicyRecord(policyID: $0.0, content: $0.1, updatedAt: $0.2) }
    }

    /// Creates the policy with id `newPolicyID`, or replaces the content of the existing one (which keeps its
    /// id); returns the policy as stored.
    public func put(content: String, newPolicyID: String, at date: Date) async throws -> OrganizationResourcePolicyRecord {
        let rows = try await transaction.rows(
            """
            INSERT INTO org_resource_policies (organization_id, policy_id, content, updated_at)
            VALUES (\(organizationID), \(newPolicyID), \(content), \(date))
            ON CONFLICT (organization_id) DO UPDATE SET content = EXCLUDED.content, updated_at = EXCLUDED.updated_at
            RETURNING policy_id, content, updated_at
            """, as: (String, String, Date).self)
        guard let row = rows.first else { throw StoreError.conflict("org_resource_policies_pkey") }
        return OrganizationResourcePolicyRecord(policyID: row.0, content: row.1, updatedAt: row.2)
    }

    /// Deletes the policy and its tags; false when there was none.
    public func delete() async throws -> Bool {
        let deleted = try await transaction.rows(
            "DELETE FROM org_resource_policies WHERE organization_id = \(organizationID) RETURNING policy_id", as: String.self)
        for policyID in deleted {
            try await transaction.execute("DELETE FROM org_tags WHERE organization_id = \(organizationID) AND resource_id = \(policyID)")
        }
        return !deleted.isEmpty
    }
}
