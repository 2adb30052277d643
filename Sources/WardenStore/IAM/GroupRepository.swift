public import Foundation
import PostgresNIO

/// IAM groups of one account and their members, on the call's transaction.
public struct GroupRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    static let columns = "g.group_id, g.account_id, g.name, g.path, g.created_at"

    static func record(_ row: (String, String, String, String, Date)) -> IAMGroupRecord {
        IAMGroupRecord(groupID: row.0, accountID: row.1, name: row.2, path: row.3, createdAt: row.4)
    }

    /// Inserts a group. - Throws: ``StoreError/duplicate(_:)`` when the name is taken (any case).
    public func create(_ group: IAMGroupRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_groups (group_id, account_id, name, path, created_at)
            VALUES (\(group.groupID), \(accountID), \(group.name), \(group.path), \(group.createdAt))
            """)
    }

    /// The group named `name` (any case), or nil. `lock` holds the row until the transaction ends, so
    /// membership changes and deletion of one group serialise.
    public func named(_ name: String, lock: Bool = false) async throws -> IAMGroupRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_groups g WHERE g.account_id = \(accountID) AND lower(g.name) = lower(\(name)) FOR UPDATE"
            : "SELECT \(unescaped: Self.columns) FROM iam_groups g WHERE g.account_id = \(accountID) AND lower(g.name) = lower(\(name))"
        return try await transaction.rows(query, as: (String, String, String, String, Date).self).first.map(Self.record)
    }

    /// Groups whose path starts with `pathPrefix`, ordered by name, from `after` (exclusive), at most `limit`.
    public func list(pathPrefix: String, after: String?, limit: Int) async throws -> [IAMGroupRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_groups g
            WHERE g.account_id = \(accountID) AND starts_with(g.path, \(pathPrefix))
              AND (\(after)::text IS NULL OR lower(g.name) > lower(\(after)))
            ORDER BY lower(g.name) LIMIT \(limit)
            """,
            as: (String, String, String, String, Date).self
        ).map(Self.record)
    }

    /// The groups user `userID` belongs to, ordered by name, from `after` (exclusive), at most `limit`.
    public func groups(ofUser userID: String, after: String?, limit: Int) async throws -> [IAMGroupRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id
            WHERE g.account_id = \(accountID) AND m.user_id = \(userID)
              AND (\(after)::text IS NULL OR lower(g.name) > lower(\(after)))
            ORDER BY lower(g.name) LIMIT \(limit)
            """,
            as: (String, String, String, String, Date).self
        ).map(Self.record)
    }

    /// The users in group `groupID`, ordered by name, from `after` (exclusive), at most `limit`.
    public func members(groupID: String, after: String?, limit: Int) async throws -> [IAMUserRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: UserRepository.columns) FROM iam_users
            WHERE account_id = \(accountID)
              AND user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = \(groupID))
              AND (\(after)::text IS NULL OR lower(name) > lower(\(after)))
            ORDER BY lower(name) LIMIT \(limit)
            """,
            as: (String, String, String, String, Date, String?, String, Date?).self
        ).map(UserRepository.record)
    }

    /// Whether user `userID` is in group `groupID`.
    public func isMember(groupID: String, userID: String) async throws -> Bool {
        try await transaction.count(
            "SELECT count(*)::bigint FROM iam_group_members WHERE group_id = \(groupID) AND user_id = \(userID)") > 0
    }

    /// The number of groups user `userID` belongs to.
    public func membershipCount(userID: String) async throws -> Int {
        try await transaction.count(
            "SELECT count(*)::bigint FROM iam_group_members WHERE account_id = \(accountID) AND user_id = \(userID)")
    }

    /// Adds a member; adding one already there changes nothing.
    public func addMember(groupID: String, userID: String, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_group_members (account_id, group_id, user_id, added_at)
            VALUES (\(accountID), \(groupID), \(userID), \(date))
            ON CONFLICT (group_id, user_id) DO NOTHING
            """)
    }

    public func removeMember(groupID: String, userID: String) async throws {
        try await transaction.execute(
            "DELETE FROM iam_group_members WHERE account_id = \(accountID) AND group_id = \(groupID) AND user_id = \(userID)")
    }

    /// Renames or moves a group. - Throws: ``StoreError/duplicate(_:)`` when the new name is taken.
    public func update(groupID: String, name: String, path: String) async throws {
        try await transaction.execute(
            "UPDATE iam_groups SET name = \(name), path = \(path) WHERE account_id = \(accountID) AND group_id = \(groupID)")
    }

    /// What still hangs on a group, as (members, inline policies, attached policies).
    public func dependents(groupID: String) async throws -> (members: Int, inlinePolicies: Int, attachedPolicies: Int) {
        let rows = try await transaction.rows(
            """
            SELECT
              (SELECT count(*) FROM iam_group_members WHERE account_id = \(accountID) AND group_id = \(groupID)),
              (SELECT count(*) FROM iam_inline_policies WHERE entity_type = 'group' AND entity_id = \(groupID)),
              (SELECT count(*) FROM iam_policy_attachments WHERE entity_type = 'group' AND entity_id = \(groupID))
            """,
            as: (Int, Int, Int).self)
        guard let row = rows.first else { return (0, 0, 0) }
        return (row.0, row.1, row.2)
    }

    public func delete(groupID: String) async throws {
        try await transaction.execute("DELETE FROM iam_groups WHERE account_id = \(accountID) AND group_id = \(groupID)")
    }

    /// The number of groups in the account.
    public func count() async throws -> Int {
        try await transaction.count("SELECT count(*)::bigint FROM iam_groups WHERE account_id = \(accountID)")
    }

    /// The number of groups in the account, counted under a lock on the account's row that lasts until the
    /// transaction ends, so concurrent creations cannot together pass the account's quota. `NO KEY UPDATE`
    /// leaves inserts that merely reference the account unblocked.
    public func countForCreation() async throws -> Int {
        try await transaction.lockAccount(accountID)
        return try await count()
    }
}
