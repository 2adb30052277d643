public import Logging
public import PostgresNIO

/// Creates the first account of an empty database, once, however many servers start together.
public struct BootstrapRepository: Sendable {
    /// The transaction-level advisory lock that serialises first starts (`'wboot'` in ASCII).
    static let lockKey: Int64 = 0x77_626F_6F74

    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Inserts `account` and its root access key when the database has no account yet.
    ///
    /// - Returns: true when it created them, false when the database already had an account (nothing changed).
    public func createFirstAccount(
        _ account: AccountRecord,
        rootAccessKeyID: String,
        sealedSecret: [UInt8],
        logger: Logger
    ) async throws -> Bool {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let existing = try await connection.query("SELECT 1 FROM accounts LIMIT 1", logger: logger)
            for try await _ in existing { return false }
            try await connection.query(
                "INSERT INTO accounts (account_id, name, email) VALUES (\(account.accountID), \(account.name), \(account.email))",
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO access_keys (access_key_id, account_id, user_id, status, sealed_secret)
                VALUES (\(rootAccessKeyID), \(account.accountID), NULL, 'Active', \(ByteBuffer(bytes: sealedSecret)))
                """,
                logger: logger
            )
            return true
        }
    }
}
