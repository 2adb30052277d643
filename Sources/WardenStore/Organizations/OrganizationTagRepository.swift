import Foundation
import PostgresNIO

/// Tags on one organization's roots, OUs, accounts and policies, on the call's transaction. Callers lock
/// the tagged resource's row first, so the per-resource limit holds under concurrency.
public struct OrganizationTagRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    /// The resource's tags ordered by key, after `after` (exclusive), at most `limit`.
    public func tags(of resourceID: String, after: String? = nil, limit: Int = Int(Int32.max)) async throws -> [TagRecord] {
        try await transaction.rows(
            """
            SELECT key, value FROM org_tags
            WHERE organization_id = \(organizationID) AND resource_id = \(resourceID) AND (\(after)::text IS NULL OR key > \(after))
            ORDER BY key LIMIT \(limit)
            """, as: (String, String).self
        ).map { TagRecord(key: $0.0, value: $0.1) }
    }

    /// Sets tags (a new value replaces an existing key's).
    public func set(_ tags: [TagRecord], on resourceID: String) async throws {
        for tag in tags {
            try await transaction.execute(
                """
                INSERT INTO org_tags (organization_id, resource_id, key, value) VALUES (\(organizationID), \(resourceID), \(tag.key), \(tag.value))
                ON CONFLICT (resource_id, key) DO UPDATE SET value = EXCLUDED.value
                """)
        }
    }

    /// Removes the keys named (absent ones are ignored, as AWS does).
    public func remove(_ keys: [String], from resourceID: String) async throws {
        try await transaction.execute(
            "DELETE FROM org_tags WHERE organization_id = \(organizationID) AND resource_id = \(resourceID) AND key = ANY(\(keys))")
    }
}

extension OrganizationTagRepository {
    /// Whether the organization's resource policy has id `policyID`; `lock` holds its row.
    public func resourcePolicyExists(_ policyID: String, lock: Bool) async throws -> Bool {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM (SELECT 1 FROM org_resource_policies
            WHERE organization_id = \(organizationID) AND policy_id = \(policyID)\(unescaped: lock ? " FOR UPDATE" : "")) found
            """) > 0
    }
}
