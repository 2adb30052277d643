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

    /// Keeps a copy of every table as it is now, in the schema `warden_emulator_baseline`: the state an
    /// emulator's reset returns to (its first start: the first account, its root key, and what migrations
    /// seeded, such as the AWS-managed `FullAWSAccess` policy). Taken again, it replaces the last copy.
    public func saveBaseline(logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(Self.baselineSchema) CASCADE"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(Self.baselineSchema)"), logger: logger)
            for table in try await Self.resetTables(connection, logger: logger) {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE TABLE \(Self.baselineSchema).\(table) AS SELECT * FROM \(table)"), logger: logger)
            }
        }
    }

    /// Puts every table back as ``saveBaseline(logger:)`` found it, in one transaction: the emulator's reset
    /// between tests. `schema_migrations`, `master_key_check` and `session_token_keys` (the server's own state,
    /// not an account's) are left alone. The audit trail's append-only triggers stand down for this
    /// transaction only (`session_replication_role`, which needs the superuser the embedded cluster connects as).
    public func restoreBaseline(logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let tables = try await Self.resetTables(connection, logger: logger)
            // Deleted rather than truncated: a test leaves a few rows in a few tables, and deleting nothing costs
            // nothing, while a truncation rewrites every table's files. Foreign keys are triggers too, so they
            // stand down with the rest and the tables go in any order.
            try await connection.query("SET LOCAL session_replication_role = replica", logger: logger)
            for table in tables {
                try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(table) SELECT * FROM \(Self.baselineSchema).\(table)"), logger: logger)
            }
        }
    }

    static let baselineSchema = "warden_emulator_baseline"

    /// The tables a reset returns to the baseline: every table of Warden's schema (partitions through their
    /// parent) but those of the server's own state.
    private static func resetTables(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let kept = ["schema_migrations", "master_key_check", "session_token_keys"]
        let rows = try await connection.query(
            """
            SELECT quote_ident(c.relname) FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                AND c.relname <> ALL(\(kept))
            ORDER BY c.relname
            """,
            logger: logger)
        var tables: [String] = []
        for try await table in rows.decode(String.self) { tables.append(table) }
        return tables
    }
}
