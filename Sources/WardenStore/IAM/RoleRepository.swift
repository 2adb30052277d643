public import Foundation
import PostgresNIO

/// IAM roles of one account, on the call's transaction.
public struct RoleRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    typealias Row = (String, String, String, String, String, String?, Int, String?, String, String?, Date?, String?, Date)

    static let columns = """
        role_id, account_id, name, path, assume_role_policy, description, max_session_duration::int8, permissions_boundary,
        tags::text, service_linked_to, last_used_at, last_used_region, created_at
        """

    static func record(_ row: Row) -> IAMRoleRecord {
        IAMRoleRecord(
            roleID: row.0, accountID: row.1, name: row.2, path: row.3, assumeRolePolicy: row.4, description: row.5,
            maxSessionDuration: row.6, permissionsBoundary: row.7, tags: TagRecord.list(fromJSON: row.8), serviceLinkedTo: row.9,
            lastUsedAt: row.10, lastUsedRegion: row.11, createdAt: row.12)
    }

    /// Inserts a role. - Throws: ``StoreError/duplicate(_:)`` when the name is taken (any case).
    public func create(_ role: IAMRoleRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_roles (role_id, account_id, name, path, assume_role_policy, description, max_session_duration,
                                   permissions_boundary, tags, service_linked_to, created_at)
            VALUES (\(role.roleID), \(accountID), \(role.name), \(role.path), \(role.assumeRolePolicy), \(role.description),
                    \(Int32(role.maxSessionDuration)), \(role.permissionsBoundary), \(TagRecord.json(role.tags))::jsonb,
                    \(role.serviceLinkedTo), \(role.createdAt))
            """)
    }

    /// The role named `name` (any case), or nil. `lock` holds the row until the transaction ends.
    public func named(_ name: String, lock: Bool = false) async throws -> IAMRoleRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_roles WHERE account_id = \(accountID) AND lower(name) = lower(\(name)) FOR UPDATE"
            : "SELECT \(unescaped: Self.columns) FROM iam_roles WHERE account_id = \(accountID) AND lower(name) = lower(\(name))"
        return try await transaction.rows(query, as: Row.self).first.map(Self.record)
    }

    /// The role with unique id `roleID`, or nil.
    public func withID(_ roleID: String) async throws -> IAMRoleRecord? {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM iam_roles WHERE account_id = \(accountID) AND role_id = \(roleID)", as: Row.self
        ).first.map(Self.record)
    }

    /// The roles with unique ids `roleIDs`, by id (ids of no role of the account are left out).
    public func withIDs(_ roleIDs: [String]) async throws -> [String: IAMRoleRecord] {
        guard !roleIDs.isEmpty else { return [:] }
        let roles = try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM iam_roles WHERE account_id = \(accountID) AND role_id = ANY(\(roleIDs))", as: Row.self
        ).map(Self.record)
        return Dictionary(roles.map { ($0.roleID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Roles whose path starts with `pathPrefix`, ordered by name, from `after` (exclusive), at most `limit`.
    public func list(pathPrefix: String, after: String?, limit: Int) async throws -> [IAMRoleRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_roles
            WHERE account_id = \(accountID) AND starts_with(path, \(pathPrefix)) AND (\(after)::text IS NULL OR lower(name) > lower(\(after)))
            ORDER BY lower(name) LIMIT \(limit)
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// Every role of the account, ordered by name.
    public func all() async throws -> [IAMRoleRecord] {
        try await list(pathPrefix: "/", after: nil, limit: Int(Int32.max))
    }

    public func setDescription(roleID: String, _ description: String?) async throws {
        try await transaction.execute(
            "UPDATE iam_roles SET description = \(description) WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    public func setMaxSessionDuration(roleID: String, _ seconds: Int) async throws {
        try await transaction.execute(
            "UPDATE iam_roles SET max_session_duration = \(Int32(seconds)) WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    public func setAssumeRolePolicy(roleID: String, _ document: String) async throws {
        try await transaction.execute(
            "UPDATE iam_roles SET assume_role_policy = \(document) WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    public func setTags(roleID: String, _ tags: [TagRecord]) async throws {
        try await transaction.execute(
            "UPDATE iam_roles SET tags = \(TagRecord.json(tags))::jsonb WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    public func setPermissionsBoundary(roleID: String, _ arn: String?) async throws {
        try await transaction.execute(
            "UPDATE iam_roles SET permissions_boundary = \(arn) WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    /// What still hangs on a role, as (inline policies, attached policies).
    public func dependents(roleID: String) async throws -> (inlinePolicies: Int, attachedPolicies: Int) {
        let rows = try await transaction.rows(
            """
            SELECT
              (SELECT count(*) FROM iam_inline_policies WHERE entity_type = 'role' AND entity_id = \(roleID)),
              (SELECT count(*) FROM iam_policy_attachments WHERE entity_type = 'role' AND entity_id = \(roleID))
            """,
            as: (Int, Int).self)
        guard let row = rows.first else { return (0, 0) }
        return (row.0, row.1)
    }

    /// Deletes a role. `withPolicies` also removes its inline policies and attachments (a service-linked
    /// role's deletion takes its policies with it).
    public func delete(roleID: String, withPolicies: Bool = false) async throws {
        if withPolicies {
            try await transaction.execute(
                "DELETE FROM iam_inline_policies WHERE account_id = \(accountID) AND entity_type = 'role' AND entity_id = \(roleID)")
            try await transaction.execute(
                "DELETE FROM iam_policy_attachments WHERE account_id = \(accountID) AND entity_type = 'role' AND entity_id = \(roleID)")
        }
        try await transaction.execute("DELETE FROM iam_roles WHERE account_id = \(accountID) AND role_id = \(roleID)")
    }

    /// The number of roles in the account.
    public func count() async throws -> Int {
        try await transaction.count("SELECT count(*)::bigint FROM iam_roles WHERE account_id = \(accountID)")
    }

    /// The number of roles in the account, counted under a lock on the account's row that lasts until the
    /// transaction ends, so concurrent creations cannot together pass the account's quota. `NO KEY UPDATE`
    /// leaves inserts that merely reference the account unblocked.
    public func countForCreation() async throws -> Int {
        try await transaction.lockAccount(accountID)
        return try await count()
    }

    /// Records a service-linked role deletion task.
    public func recordDeletion(_ task: ServiceLinkedRoleDeletionRecord, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_service_linked_role_deletions (task_id, account_id, role_name, status, reason, created_at)
            VALUES (\(task.taskID), \(accountID), \(task.roleName), \(task.status), \(task.reason), \(date))
            """)
    }

    /// The deletion task `taskID` of this account, or nil.
    public func deletion(taskID: String) async throws -> ServiceLinkedRoleDeletionRecord? {
        try await transaction.rows(
            """
            SELECT task_id, role_name, status, reason FROM iam_service_linked_role_deletions
            WHERE account_id = \(accountID) AND task_id = \(taskID)
            """,
            as: (String, String, String, String?).self
        ).first.map { ServiceLinkedRoleDeletionRecord(taskID: $0.0, roleName: $0.1, status: $0.2, reason: $0.3) }
    }
}
