public import Foundation
import PostgresNIO

/// Long-term access keys of one account (its users' and its root user's), on the call's transaction.
/// A nil `userID` means the root user.
public struct AccessKeyRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    static let columns = "access_key_id, user_id, status, created_at, last_used_at, last_used_service, last_used_region"
    typealias Row = (String, String?, String, Date, Date?, String?, String?)

    static func details(_ row: Row) -> AccessKeyDetails {
        AccessKeyDetails(
            accessKeyID: row.0, userID: row.1, status: row.2, createdAt: row.3, lastUsedAt: row.4, lastUsedService: row.5,
            lastUsedRegion: row.6)
    }

    /// Locks the account row so concurrent root-key changes serialise (users' keys lock the user row).
    public func lockRoot() async throws {
        try await transaction.lockAccount(accountID)
    }

    /// The keys of `userID` (root when nil), oldest first.
    public func list(userID: String?) async throws -> [AccessKeyDetails] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM access_keys
            WHERE account_id = \(accountID) AND user_id IS NOT DISTINCT FROM \(userID)
            ORDER BY created_at, access_key_id
            """,
            as: Row.self
        ).map(Self.details)
    }

    /// Every key of the account, oldest first.
    public func all() async throws -> [AccessKeyDetails] {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM access_keys WHERE account_id = \(accountID) ORDER BY created_at, access_key_id",
            as: Row.self
        ).map(Self.details)
    }

    /// The key with this id in the account, or nil.
    public func withID(_ accessKeyID: String) async throws -> AccessKeyDetails? {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM access_keys WHERE account_id = \(accountID) AND access_key_id = \(accessKeyID)",
            as: Row.self
        ).first.map(Self.details)
    }

    /// Stores a new key with its sealed secret.
    public func create(accessKeyID: String, userID: String?, sealedSecret: [UInt8], createdAt: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO access_keys (access_key_id, account_id, user_id, status, sealed_secret, created_at)
            VALUES (\(accessKeyID), \(accountID), \(userID), 'Active', \(ByteBuffer(bytes: sealedSecret)), \(createdAt))
            """)
    }

    /// Sets a key's status; false when `userID` has no such key.
    public func setStatus(_ status: String, accessKeyID: String, userID: String?) async throws -> Bool {
        try await transaction.rows(
            """
            UPDATE access_keys SET status = \(status)
            WHERE account_id = \(accountID) AND access_key_id = \(accessKeyID) AND user_id IS NOT DISTINCT FROM \(userID)
            RETURNING access_key_id
            """,
            as: String.self
        ).count == 1
    }

    /// Deletes a key; false when `userID` has no such key.
    public func delete(accessKeyID: String, userID: String?) async throws -> Bool {
        try await transaction.rows(
            """
            DELETE FROM access_keys
            WHERE account_id = \(accountID) AND access_key_id = \(accessKeyID) AND user_id IS NOT DISTINCT FROM \(userID)
            RETURNING access_key_id
            """,
            as: String.self
        ).count == 1
    }
}
