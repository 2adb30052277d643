public import Foundation
import PostgresNIO

/// Which policies are attached to which roots, OUs and accounts of one organization, on the call's
/// transaction. Quotas per target hold under concurrency because every change first locks the target's
/// row (``target(_:lock:)``).
public struct PolicyAttachmentRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    /// The root, OU or account `targetID` of this organization, or nil. `lock` holds its row until the
    /// transaction ends (`FOR NO KEY UPDATE`: changes to its attachments and tags serialise, while children
    /// can still be added under it).
    public func target(_ targetID: String, lock: Bool = false) async throws -> PolicyTargetRecord? {
        let suffix = lock ? " FOR NO KEY UPDATE" : ""
        if targetID.hasPrefix("r-") || targetID.hasPrefix("ou-") {
            return try await transaction.rows(
                """
                SELECT unit_id, kind, name FROM org_units
                WHERE unit_id = \(targetID) AND organization_id = \(organizationID)\(unescaped: suffix)
                """, as: (String, String, String).self
            ).first.map { PolicyTargetRecord(targetID: $0.0, kind: $0.1 == "ROOT" ? .root : .organizationalUnit, name: $0.2) }
        }
        return try await transaction.rows(
            """
            SELECT m.account_id, a.name FROM org_accounts m JOIN accounts a ON a.account_id = m.account_id
            WHERE m.account_id = \(targetID) AND m.organization_id = \(organizationID)\(unescaped: lock ? " FOR NO KEY UPDATE OF m" : "")
            """, as: (String, String).self
        ).first.map { PolicyTargetRecord(targetID: $0.0, kind: .account, name: $0.1) }
    }

    /// The policies of `type` attached directly to `targetID`, ordered by id, after `after`, at most `limit`.
    public func policies(
        attachedTo targetID: String, type: String, after: String? = nil, limit: Int = Int(Int32.max)
    ) async throws -> [OrganizationPolicyRecord] {
        try await transaction.rows(
            """
            SELECT p.policy_id, p.organization_id, p.policy_type, p.name, p.description, p.content, p.created_at
            FROM org_policy_attachments t JOIN org_policies p ON p.policy_id = t.policy_id
            WHERE t.organization_id = \(organizationID) AND coalesce(t.unit_id, t.account_id) = \(targetID) AND t.policy_type = \(type)
              AND (\(after)::text IS NULL OR p.policy_id > \(after))
            ORDER BY p.policy_id LIMIT \(limit)
            """, as: OrganizationPolicyRepository.Row.self
        ).map(OrganizationPolicyRepository.record)
    }

    /// The number of policies of `type` attached directly to `targetID`.
    public func count(attachedTo targetID: String, type: String) async throws -> Int {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM org_policy_attachments
            WHERE organization_id = \(organizationID) AND coalesce(unit_id, account_id) = \(targetID) AND policy_type = \(type)
            """)
    }

    /// Whether `policyID` is attached directly to `targetID`.
    public func isAttached(_ policyID: String, to targetID: String) async throws -> Bool {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM org_policy_attachments
            WHERE organization_id = \(organizationID) AND policy_id = \(policyID) AND coalesce(unit_id, account_id) = \(targetID)
            """) > 0
    }

    /// Whether `policyID` is attached anywhere in the organization.
    public func isAttachedAnywhere(_ policyID: String) async throws -> Bool {
        try await transaction.count(
            "SELECT count(*)::bigint FROM org_policy_attachments WHERE organization_id = \(organizationID) AND policy_id = \(policyID)") > 0
    }

    /// Attaches a policy to a target. - Throws: ``StoreError/duplicate(_:)`` when it is attached already,
    /// ``StoreError/conflict(_:)`` when the policy or target went meanwhile.
    public func attach(_ policy: OrganizationPolicyRecord, to target: PolicyTargetRecord, at date: Date) async throws {
        let unitID = target.kind == .account ? nil : target.targetID
        let accountID = target.kind == .account ? target.targetID : nil
        try await transaction.execute(
            """
            INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id, account_id, attached_at)
            VALUES (\(organizationID), \(policy.policyID), \(policy.type), \(unitID), \(accountID), \(date))
            """)
    }

    /// Detaches a policy from a target.
    public func detach(_ policyID: String, from targetID: String) async throws {
        try await transaction.execute(
            """
            DELETE FROM org_policy_attachments
            WHERE organization_id = \(organizationID) AND policy_id = \(policyID) AND coalesce(unit_id, account_id) = \(targetID)
            """)
    }

    /// The roots, OUs and accounts `policyID` is attached to, ordered by id, after `after`, at most `limit`.
    public func targets(of policyID: String, after: String?, limit: Int) async throws -> [PolicyTargetRecord] {
        try await transaction.rows(
            """
            SELECT id, kind, name FROM (
                SELECT u.unit_id AS id, u.kind AS kind, u.name AS name
                FROM org_policy_attachments t JOIN org_units u ON u.unit_id = t.unit_id
                WHERE t.organization_id = \(organizationID) AND t.policy_id = \(policyID)
                UNION ALL
                SELECT a.account_id, 'ACCOUNT', a.name
                FROM org_policy_attachments t JOIN accounts a ON a.account_id = t.account_id
                WHERE t.organization_id = \(organizationID) AND t.policy_id = \(policyID)
            ) targets
            WHERE \(after)::text IS NULL OR id > \(after)
            ORDER BY id LIMIT \(limit)
            """, as: (String, String, String).self
        ).map { PolicyTargetRecord(targetID: $0.0, kind: PolicyTargetRecord.Kind(rawValue: $0.1) ?? .account, name: $0.2) }
    }

    /// The chain from the root down to `accountID` (root first, the account last), for effective policies.
    public func path(toAccount accountID: String) async throws -> [String] {
        let units = try await transaction.rows(
            """
            WITH RECURSIVE chain (unit_id, parent_id, depth) AS (
                SELECT u.unit_id, u.parent_id, u.depth FROM org_accounts m JOIN org_units u ON u.unit_id = m.parent_id
                WHERE m.account_id = \(accountID) AND m.organization_id = \(organizationID)
                UNION ALL
                SELECT u.unit_id, u.parent_id, u.depth FROM org_units u JOIN chain c ON u.unit_id = c.parent_id
            )
            SELECT unit_id FROM chain ORDER BY depth
            """, as: String.self)
        return units + [accountID]
    }
}
