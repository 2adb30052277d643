import Foundation
import PostgresNIO

/// The instance profiles of one account and the roles in them, on the call's transaction.
public struct InstanceProfileRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    typealias Row = (String, String, String, String, String, Date, [String])

    static let columns = """
        p.instance_profile_id, p.account_id, p.name, p.path, p.tags::text, p.created_at,
        ARRAY(SELECT r.role_id FROM iam_instance_profile_roles r WHERE r.instance_profile_id = p.instance_profile_id ORDER BY r.role_id)
        """

    static func record(_ row: Row) -> InstanceProfileRecord {
        InstanceProfileRecord(
            instanceProfileID: row.0, accountID: row.1, name: row.2, path: row.3, tags: TagRecord.list(fromJSON: row.4), createdAt: row.5,
            roleIDs: row.6)
    }

    /// How many profiles the account has, counted under a lock on the account's row until the transaction
    /// ends, so concurrent creations cannot together pass the account's quota.
    public func countForCreation() async throws -> Int {
        try await transaction.lockAccount(accountID)
        return try await transaction.count("SELECT count(*)::bigint FROM iam_instance_profiles WHERE account_id = \(accountID)")
    }

    /// Inserts a profile (without roles). - Throws: ``StoreError/duplicate(_:)`` when the name is taken (any case).
    public func create(_ profile: InstanceProfileRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_instance_profiles (instance_profile_id, account_id, name, path, tags, created_at)
            VALUES (\(profile.instanceProfileID), \(accountID), \(profile.name), \(profile.path), \(TagRecord.json(profile.tags))::jsonb,
                    \(profile.createdAt))
            """)
    }

    /// The profile named `name` (any case), or nil. `lock` holds its row until the transaction ends, so changes
    /// to its roles serialise.
    public func named(_ name: String, lock: Bool = false) async throws -> InstanceProfileRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_instance_profiles p WHERE p.account_id = \(accountID) AND lower(p.name) = lower(\(name)) FOR UPDATE OF p"
            : "SELECT \(unescaped: Self.columns) FROM iam_instance_profiles p WHERE p.account_id = \(accountID) AND lower(p.name) = lower(\(name))"
        return try await transaction.rows(query, as: Row.self).first.map(Self.record)
    }

    /// Profiles whose path starts with `pathPrefix`, ordered by name, from `after` (exclusive), at most `limit`.
    public func list(pathPrefix: String, after: String?, limit: Int) async throws -> [InstanceProfileRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_instance_profiles p
            WHERE p.account_id = \(accountID) AND starts_with(p.path, \(pathPrefix)) AND (\(after)::text IS NULL OR lower(p.name) > lower(\(after)))
            ORDER BY lower(p.name) LIMIT \(limit)
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// The profiles `roleID` is in, ordered by name, from `after` (exclusive), at most `limit`.
    public func containing(roleID: String, after: String?, limit: Int) async throws -> [InstanceProfileRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_instance_profiles p
            JOIN iam_instance_profile_roles m ON m.instance_profile_id = p.instance_profile_id AND m.role_id = \(roleID)
            WHERE p.account_id = \(accountID) AND (\(after)::text IS NULL OR lower(p.name) > lower(\(after)))
            ORDER BY lower(p.name) LIMIT \(limit)
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// How many profiles hold `roleID` (a role in one cannot be deleted).
    public func count(containing roleID: String) async throws -> Int {
        try await transaction.count("SELECT count(*)::bigint FROM iam_instance_profile_roles WHERE role_id = \(roleID)")
    }

    public func addRole(_ roleID: String, to profileID: String) async throws {
        try await transaction.execute(
            "INSERT INTO iam_instance_profile_roles (instance_profile_id, role_id) VALUES (\(profileID), \(roleID))")
    }

    public func removeRole(_ roleID: String, from profileID: String) async throws {
        try await transaction.execute(
            "DELETE FROM iam_instance_profile_roles WHERE instance_profile_id = \(profileID) AND role_id = \(roleID)")
    }

    public func setTags(profileID: String, _ tags: [TagRecord]) async throws {
        try await transaction.execute(
            "UPDATE iam_instance_profiles SET tags = \(TagRecord.json(tags))::jsonb WHERE account_id = \(accountID) AND instance_profile_id = \(profileID)")
    }

    public func delete(profileID: String) async throws {
        try await transaction.execute(
            "DELETE FROM iam_instance_profiles WHERE account_id = \(accountID) AND instance_profile_id = \(profileID)")
    }
}
