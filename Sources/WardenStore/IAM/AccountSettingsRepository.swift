public import Foundation
import PostgresNIO

/// An account's IAM settings: password policy, alias and credential report, on the call's transaction.
public struct AccountSettingsRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    // MARK: password policy

    public func passwordPolicy() async throws -> AccountPasswordPolicyRecord? {
        let rows = try await transaction.rows(
            """
            SELECT minimum_length, require_symbols, require_numbers, require_uppercase, require_lowercase, allow_users_to_change,
                   max_age, reuse_prevention, hard_expiry
            FROM iam_password_policies WHERE account_id = \(accountID)
            """,
            as: (Int32, Bool, Bool, Bool, Bool, Bool, Int32?, Int32?, Bool?).self)
        guard let row = rows.first else { return nil }
        let maxAge: Int? = row.6.map { Int($0) }
        let reuse: Int? = row.7.map { Int($0) }
        return AccountPasswordPolicyRecord(
            minimumLength: Int(row.0), requireSymbols: row.1, requireNumbers: row.2, requireUppercase: row.3, requireLowercase: row.4,
            allowUsersToChange: row.5, maxAge: maxAge, reusePrevention: reuse, hardExpiry: row.8)
    }

    /// Sets the policy, replacing any earlier one whole.
    public func setPasswordPolicy(_ policy: AccountPasswordPolicyRecord) async throws {
        let maxAge: Int32? = policy.maxAge.map { Int32($0) }
        let reuse: Int32? = policy.reusePrevention.map { Int32($0) }
        let minimum = Int32(policy.minimumLength)
        try await transaction.execute(
            """
            INSERT INTO iam_password_policies (account_id, minimum_length, require_symbols, require_numbers, require_uppercase,
                require_lowercase, allow_users_to_change, max_age, reuse_prevention, hard_expiry)
            VALUES (\(accountID), \(minimum), \(policy.requireSymbols), \(policy.requireNumbers), \(policy.requireUppercase),
                \(policy.requireLowercase), \(policy.allowUsersToChange), \(maxAge), \(reuse), \(policy.hardExpiry))
            ON CONFLICT (account_id) DO UPDATE SET minimum_length = EXCLUDED.minimum_length, require_symbols = EXCLUDED.require_symbols,
                require_numbers = EXCLUDED.require_numbers, require_uppercase = EXCLUDED.require_uppercase,
                require_lowercase = EXCLUDED.require_lowercase, allow_users_to_change = EXCLUDED.allow_users_to_change,
                max_age = EXCLUDED.max_age, reuse_prevention = EXCLUDED.reuse_prevention, hard_expiry = EXCLUDED.hard_expiry
            """)
    }

    /// Deletes the policy; false when there was none.
    public func deletePasswordPolicy() async throws -> Bool {
        try await transaction.rows(
            "DELETE FROM iam_password_policies WHERE account_id = \(accountID) RETURNING account_id", as: String.self
        ).count == 1
    }

    // MARK: alias

    public func alias() async throws -> String? {
        try await transaction.rows("SELECT alias FROM iam_account_aliases WHERE account_id = \(accountID)", as: String.self).first
    }

    /// Sets the account's one alias, replacing an earlier one.
    /// - Throws: ``StoreError/duplicate(_:)`` when another account uses the alias.
    public func setAlias(_ alias: String) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_account_aliases (account_id, alias) VALUES (\(accountID), \(alias))
            ON CONFLICT (account_id) DO UPDATE SET alias = EXCLUDED.alias
            """)
    }

    /// Deletes the alias if it is `alias`; false otherwise.
    public func deleteAlias(_ alias: String) async throws -> Bool {
        try await transaction.rows(
            "DELETE FROM iam_account_aliases WHERE account_id = \(accountID) AND alias = \(alias) RETURNING alias", as: String.self
        ).count == 1
    }

    // MARK: credential report

    /// The last report generated and when, or nil.
    public func credentialReport() async throws -> (content: [UInt8], generatedAt: Date)? {
        try await transaction.rows(
            "SELECT content, generated_at FROM iam_credential_reports WHERE account_id = \(accountID)", as: (ByteBuffer, Date).self
        ).first.map { (Array(buffer: $0.0), $0.1) }
    }

    public func setCredentialReport(_ content: [UInt8], generatedAt: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_credential_reports (account_id, generated_at, content) VALUES (\(accountID), \(generatedAt), \(ByteBuffer(bytes: content)))
            ON CONFLICT (account_id) DO UPDATE SET generated_at = EXCLUDED.generated_at, content = EXCLUDED.content
            """)
    }
}
