public import Logging
public import PostgresNIO

/// Brings a database's schema up to date with the migrations it is given.
///
/// Each migration runs in its own transaction and is recorded in `schema_migrations` with its checksum.
/// A session-level advisory lock serialises migrators, so replicas starting together apply each migration once.
public struct MigrationRunner: Sendable {
    /// The advisory lock key every Warden migrator takes (`'warden'` in ASCII).
    static let advisoryLockKey: Int64 = 0x7761_7264_656E

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies every migration not yet recorded, in order, and returns the ones it applied.
    ///
    /// - Throws: ``MigrationError/checksumMismatch(fileName:recorded:actual:)`` before applying anything when an
    ///   applied migration's file changed; ``MigrationError/failed(fileName:statement:reason:)`` when one fails.
    @discardableResult
    public func run(on client: PostgresClient, logger: Logger) async throws -> [Migration] {
        try await client.withConnection { connection in
            try await self.run(on: connection, logger: logger)
        }
    }

    /// Applies pending migrations over one connection; see ``run(on:logger:)-(PostgresClient,_)``.
    @discardableResult
    public func run(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
        do {
            let applied = try await self.applyPending(on: connection, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            throw error
        }
    }

    private func applyPending(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        var recorded: [Int: String] = [:]
        var recordedNames: [Int: String] = [:]
        for try await (version, name, checksum) in try await connection.query(
            "SELECT version, name, checksum FROM schema_migrations",
            logger: logger
        ).decode((Int, String, String).self) {
            recorded[version] = checksum
            recordedNames[version] = name
        }
        for migration in migrations {
            if let checksum = recorded[migration.version], checksum != migration.checksum {
                throw MigrationError.checksumMismatch(fileName: migration.fileName, recorded: checksum, actual: migration.checksum)
            }
        }
        let known = Set(migrations.map(\.version))
        if let newer = recorded.keys.filter({ !known.contains($0) }).min() {
            throw MigrationError.unknownAppliedMigration(Migration(version: newer, name: recordedNames[newer] ?? "", sql: "").fileName)
        }

        var applied: [Migration] = []
        for migration in migrations where recorded[migration.version] == nil {
            try await apply(migration, on: connection, logger: logger)
            applied.append(migration)
            logger.info("applied migration", metadata: ["warden.migration": "\(migration.fileName)"])
        }
        return applied
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection, logger: Logger) async throws {
        let statements = SQLScript(migration.sql).statements
        var failedStatement = 0
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for (index, statement) in statements.enumerated() {
                    failedStatement = index
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                failedStatement = statements.count
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: logger
                )
            }
        } catch let error as PostgresTransactionError {
            let underlying = error.closureError ?? error.commitError ?? error.beginError ?? error
            throw MigrationError.failed(fileName: migration.fileName, statement: failedStatement, reason: underlying.databaseMessage)
        }
    }
}

extension Error {
    /// PostgreSQL's own message for a server error, or a plain description otherwise; never the SQL's binds.
    var databaseMessage: String {
        if let error = self as? PSQLError, let message = error.serverInfo?[.message] {
            return message
        }
        return String(describing: self)
    }
}
