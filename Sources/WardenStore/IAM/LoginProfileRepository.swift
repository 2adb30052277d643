public import Foundation
import PostgresNIO

/// Login profiles (console passwords) of one account's users and their password history, on the call's
/// transaction. Every password set is also written to the history, newest first, for reuse prevention; the
/// history goes with the login profile (and with the user).
public struct LoginProfileRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    /// The user's login profile, or nil.
    public func profile(userID: String) async throws -> LoginProfileRecord? {
        try await transaction.rows(
            """
            SELECT user_id, password_hash, password_reset_required, password_changed_at, created_at FROM iam_login_profiles
            WHERE account_id = \(accountID) AND user_id = \(userID)
            """,
            as: (String, String, Bool, Date, Date).self
        ).first.map { LoginProfileRecord(userID: $0.0, passwordHash: $0.1, passwordResetRequired: $0.2, passwordChangedAt: $0.3, createdAt: $0.4) }
    }

    /// Every login profile of the account, by user id.
    public func all() async throws -> [String: LoginProfileRecord] {
        let rows = try await transaction.rows(
            """
            SELECT user_id, password_hash, password_reset_required, password_changed_at, created_at FROM iam_login_profiles
            WHERE account_id = \(accountID)
            """,
            as: (String, String, Bool, Date, Date).self)
        var result: [String: LoginProfileRecord] = [:]
        for row in rows {
            result[row.0] = LoginProfileRecord(userID: row.0, passwordHash: row.1, passwordResetRequired: row.2, passwordChangedAt: row.3, createdAt: row.4)
        }
        return result
    }

    /// Creates a profile. - Throws: ``StoreError/duplicate(_:)`` when the user has one.
    public func create(_ profile: LoginProfileRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_login_profiles (user_id, account_id, password_hash, password_reset_required, password_changed_at, created_at)
            VALUES (\(profile.userID), \(accountID), \(profile.passwordHash), \(profile.passwordResetRequired), \(profile.passwordChangedAt),
                    \(profile.createdAt))
            """)
        try await remember(userID: profile.userID, hash: profile.passwordHash, at: profile.passwordChangedAt)
    }

    /// Sets a new password hash (and records it in the history).
    public func setPassword(userID: String, hash: String, at date: Date) async throws {
        try await transaction.execute(
            """
            UPDATE iam_login_profiles SET password_hash = \(hash), password_changed_at = \(date)
            WHERE account_id = \(accountID) AND user_id = \(userID)
            """)
        try await remember(userID: userID, hash: hash, at: date)
    }

    public func setResetRequired(userID: String, _ required: Bool) async throws {
        try await transaction.execute(
            """
            UPDATE iam_login_profiles SET password_reset_required = \(required)
            WHERE account_id = \(accountID) AND user_id = \(userID)
            """)
    }

    /// Deletes the profile and the user's password history; false when there was no profile.
    public func delete(userID: String) async throws -> Bool {
        try await transaction.execute("DELETE FROM iam_password_history WHERE account_id = \(accountID) AND user_id = \(userID)")
        return try await transaction.rows(
            "DELETE FROM iam_login_profiles WHERE account_id = \(accountID) AND user_id = \(userID) RETURNING user_id", as: String.self
        ).count == 1
    }

    /// The user's earlier password hashes, newest first, at most `limit`.
    public func history(userID: String, limit: Int) async throws -> [String] {
        try await transaction.rows(
            """
            SELECT password_hash FROM iam_password_history WHERE account_id = \(accountID) AND user_id = \(userID)
            ORDER BY changed_at DESC LIMIT \(limit)
            """,
            as: String.self)
    }

    private func remember(userID: String, hash: String, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_password_history (account_id, user_id, password_hash, changed_at)
            VALUES (\(accountID), \(userID), \(hash), \(date))
            """)
    }
}
