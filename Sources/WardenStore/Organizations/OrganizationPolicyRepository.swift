import Foundation
import PostgresNIO

/// The policies one organization can use: its own and the AWS-managed ones, on the call's transaction.
public struct OrganizationPolicyRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    static let columns = "policy_id, organization_id, policy_type, name, description, content, created_at"
    typealias Row = (String, String?, String, String, String, String, Date)

    static func record(_ row: Row) -> OrganizationPolicyRecord {
        OrganizationPolicyRecord(
            policyID: row.0, organizationID: row.1, type: row.2, name: row.3, description: row.4, content: row.5, createdAt: row.6)
    }

    /// Inserts a policy of this organization. - Throws: ``StoreError/duplicate(_:)`` when its type already
    /// has a policy of that name.
    public func create(_ policy: OrganizationPolicyRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_policies (policy_id, organization_id, policy_type, name, description, content, created_at)
            VALUES (\(policy.policyID), \(organizationID), \(policy.type), \(policy.name), \(policy.description), \(policy.content),
                    \(policy.createdAt))
            """)
    }

    /// The policy `policyID` when this organization may use it (its own or AWS-managed), else nil. `lock`
    /// holds the row (`FOR UPDATE`) so a deletion and a concurrent attachment serialise.
    public func policy(id policyID: String, lock: Bool = false) async throws -> OrganizationPolicyRecord? {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_policies
            WHERE policy_id = \(policyID) AND (organization_id = \(organizationID) OR organization_id IS NULL)\(unescaped: lock ? " FOR UPDATE" : "")
            """, as: Row.self
        ).first.map(Self.record)
    }

    /// Policies of `type` (AWS-managed ones included) ordered by id, after `after` (exclusive), at most `limit`.
    public func list(type: String, after: String?, limit: Int) async throws -> [OrganizationPolicyRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_policies
            WHERE policy_type = \(type) AND (organization_id = \(organizationID) OR organization_id IS NULL)
              AND (\(after)::text IS NULL OR policy_id > \(after))
            ORDER BY policy_id LIMIT \(limit)
            """, as: Row.self
        ).map(Self.record)
    }

    /// Serialises creations of `type` in this organization until the transaction ends (an advisory lock,
    /// so other work on the organization's row does not wait), so the quota holds under concurrency.
    public func lockQuota(type: String) async throws {
        try await transaction.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("org_policies/" + organizationID + "/" + type), 0))")
    }

    /// The organization's own policies of `type` (its quota).
    public func count(type: String) async throws -> Int {
        try await transaction.count(
            "SELECT count(*)::bigint FROM org_policies WHERE organization_id = \(organizationID) AND policy_type = \(type)")
    }

    /// Changes a policy's name, description and content. - Throws: ``StoreError/duplicate(_:)`` when the name
    /// is taken within its type.
    public func update(_ policy: OrganizationPolicyRecord) async throws {
        try await transaction.execute(
            """
            UPDATE org_policies SET name = \(policy.name), description = \(policy.description), content = \(policy.content)
            WHERE policy_id = \(policy.policyID) AND organization_id = \(organizationID)
            """)
    }

    /// Deletes one of the organization's policies (its tags go by trigger).
    public func delete(id policyID: String) async throws {
        try await transaction.execute(
            "DELETE FROM org_policies WHERE policy_id = \(policyID) AND organization_id = \(organizationID)")
    }
}
