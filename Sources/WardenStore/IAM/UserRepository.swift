import Foundation
import PostgresNIO

/// IAM users of one account, on the call's transaction.
public struct UserRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    static let columns = "user_id, account_id, name, path, created_at, permissions_boundary, tags::text, password_last_used"

    static func record(_ row: (String, String, String, String, Date, String?, String, Date?)) -> IAMUserRecord {
        IAMUserRecord(
            userID: row.0, accountID: row.1, name: row.2, path: row.3, createdAt: row.4, permissionsBoundary: row.5,
            tags: TagRecord.list(fromJSON: row.6), passwordLastUsed: row.7)
    }

    /// Inserts a user. - Throws: ``StoreError/duplicate(_:)`` when the name is taken (any case).
    public func create(_ user: IAMUserRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_users (user_id, account_id, name, path, created_at, permissions_boundary, tags)
            VALUES (\(user.userID), \(accountID), \(user.name), \(user.path), \(user.createdAt), \(user.permissionsBoundary),
                    \(TagRecord.json(user.tags))::jsonb)
            """)
    }

    /// The user named `name` (any case), or nil. `lock` takes a row lock until the transaction ends, so
    /// concurrent changes to the same user (its keys, its devices) serialise.
    public func named(_ name: String, lock: Bool = false) async throws -> IAMUserRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_users WHERE account_id = \(accountID) AND lower(name) = lower(\(name)) FOR UPDATE"
            : "SELECT \(unescaped: Self.columns) FROM iam_users WHERE account_id = \(accountID) AND lower(name) = lower(\(name))"
        return try await transaction.rows(query, as: (String, String, String, String, Date, String?, String, Date?).self)
            .first.map(Self.record)
    }

    /// The user with unique id `userID`, or nil; `lock` as in ``named(_:lock:)``.
    public func withID(_ userID: String, lock: Bool = false) async throws -> IAMUserRecord? {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM iam_users WHERE account_id = \(accountID) AND user_id = \(userID)\(unescaped: lock ? " FOR UPDATE" : "")",
            as: (String, String, String, String, Date, String?, String, Date?).self
        ).first.map(Self.record)
    }

    /// Users whose path starts with `pathPrefix`, ordered by name, from `after` (exclusive), at most `limit`.
    public func list(pathPrefix: String, after: String?, limit: Int) async throws -> [IAMUserRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_users
            WHERE account_id = \(accountID) AND starts_with(path, \(pathPrefix)) AND (\(after)::text IS NULL OR lower(name) > lower(\(after)))
            ORDER BY lower(name) LIMIT \(limit)
            """,
            as: (String, String, String, String, Date, String?, String, Date?).self
        ).map(Self.record)
    }

    /// Every user of the account, ordered by name.
    public func all() async throws -> [IAMUserRecord] {
        try await list(pathPrefix: "/", after: nil, limit: Int(Int32.max))
    }

    /// Renames or moves a user. - Throws: ``StoreError/duplicate(_:)`` when the new name is taken.
    public func update(userID: String, name: String, path: String) async throws {
        try await transaction.execute(
            "UPDATE iam_users SET name = \(name), path = \(path) WHERE account_id = \(accountID) AND user_id = \(userID)")
    }

    public func setTags(userID: String, _ tags: [TagRecord]) async throws {
        try await transaction.execute(
            "UPDATE iam_users SET tags = \(TagRecord.json(tags))::jsonb WHERE account_id = \(accountID) AND user_id = \(userID)")
    }

    public func setPermissionsBoundary(userID: String, _ arn: String?) async throws {
        try await transaction.execute(
            "UPDATE iam_users SET permissions_boundary = \(arn) WHERE account_id = \(accountID) AND user_id = \(userID)")
    }

    /// What must go before a user can be deleted, as AWS words it in `DeleteConflict` (`must … first`).
    public func dependents(userID: String) async throws -> [String] {
        let rows = try await transaction.rows(
            """
            SELECT
              (SELECT count(*) FROM access_keys WHERE account_id = \(accountID) AND user_id = \(userID)),
              (SELECT count(*) FROM iam_inline_policies WHERE entity_type = 'user' AND entity_id = \(userID)),
              (SELECT count(*) FROM iam_policy_attachments WHERE entity_type = 'user' AND entity_id = \(userID)),
              (SELECT count(*) FROM iam_group_members WHERE user_id = \(userID)),
              (SELECT count(*) FROM iam_login_profiles WHERE user_id = \(userID)),
              (SELECT count(*) FROM iam_mfa_devices WHERE account_id = \(accountID) AND user_id = \(userID))
            """,
            as: (Int, Int, Int, Int, Int, Int).self)
        guard let row = rows.first else { return [] }
        var found: [String] = []
        if row.4 > 0 { found.append("delete login profile") }
        if row.0 > 0 { found.append("delete access keys") }
        if row.5 > 0 { found.append("delete MFA device") }
        if row.1 > 0 { found.append("delete policies") }
        if row.2 > 0 { found.append("detach all policies") }
        if row.3 > 0 { found.append("remove user from all groups") }
        return found
    }

    public func delete(userID: String) async throws {
        try await transaction.execute("DELETE FROM iam_users WHERE account_id = \(accountID) AND user_id = \(userID)")
    }

    /// The number of users in the account.
    public func count() async throws -> Int {
        try await transaction.count("SELECT count(*)::bigint FROM iam_users WHERE account_id = \(accountID)")
    }

    /// The number of users in the account, counted under a lock on the account's row that lasts until the
    /// transaction ends, so concurrent creations cannot together pass the account's quota (as for roles).
    public func countForCreation() async throws -> Int {
        try await transaction.lockAccount(accountID)
        return try await count()
    }
}
