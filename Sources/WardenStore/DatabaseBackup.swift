public import Foundation
public import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// Backs up and restores a Warden database with PostgreSQL's own `pg_dump` and `pg_restore` (custom format).
///
/// The file holds everything in the database: the sealed secrets but never the master key that opens them.
public struct DatabaseBackup: Sendable {
    /// What a backup file holds, read back from the file itself.
    public struct Contents: Sendable, Equatable {
        /// The file's size in bytes.
        public let bytes: Int
        /// The newest migration applied in the backed-up database.
        public let migrationVersion: Int
        public let migrationName: String

        /// `0006_audit`.
        public var migration: String { DatabaseBackupError.version(migrationVersion) + "_" + migrationName }
    }

    /// What a restore did.
    public struct Restored: Sendable {
        public let contents: Contents
        /// Migrations applied after the restore, bringing an older backup up to date.
        public let appliedMigrations: [Migration]
    }

    let pgDump: String
    let pgRestore: String

    /// Uses the `pg_dump` and `pg_restore` beside the embedded cluster's `initdb` (one installation, one
    /// version), else the first found as ``PostgresBinaries/directory(containing:environment:versionsRoot:)`` looks.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DatabaseBackupError) {
        let tools = ["pg_dump", "pg_restore"]
        let directory =
            PostgresBinaries.directory(containing: ["initdb", "pg_ctl"] + tools, environment: environment)
            ?? PostgresBinaries.directory(containing: tools, environment: environment)
        guard let directory else { throw .toolsNotFound }
        self.pgDump = "\(directory)/pg_dump"
        self.pgRestore = "\(directory)/pg_restore"
    }

    /// Dumps the database to `file`: written to `file.partial` (mode 0600) and renamed when complete, so
    /// `file` is either the previous backup or a whole new one. `pg_dump` reads one consistent snapshot, so
    /// running servers may keep serving.
    public func backUp(_ endpoint: DatabaseEndpoint, to file: URL) async throws -> Contents {
        let partial = file.appendingPathExtension("partial")
        unlink(partial.path)
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DatabaseBackupError.fileSystem(path: partial.path, reason: String(cString: strerror(errno))) }
        close(descriptor)
        do {
            let result = try await Subprocess(
                executable: pgDump,
                arguments: ["--format=custom", "--file=\(partial.path)", "--dbname=\(endpoint.libpqDatabaseArgument)"],
                environment: endpoint.libpqEnvironment
            ).run()
            guard result.status == 0 else { throw DatabaseBackupError.dumpFailed(output: result.output.lastLines(5)) }
            let contents = try await read(partial)
            guard rename(partial.path, file.path) == 0 else {
                throw DatabaseBackupError.fileSystem(path: file.path, reason: String(cString: strerror(errno)))
            }
            return contents
        } catch {
            unlink(partial.path)
            throw error
        }
    }

    /// Reads the backup's size and migration version, proving pg_restore can read it.
    public func read(_ file: URL) async throws -> Contents {
        let result = try await Subprocess(
            executable: pgRestore, arguments: ["--data-only", "--table=schema_migrations", "--file=-", file.path]
        ).run()
        guard result.status == 0 else { throw DatabaseBackupError.unreadableBackup(path: file.path, output: result.output.lastLines(3)) }
        guard let newest = Self.migrations(inScript: result.output).max(by: { $0.version < $1.version }) else {
            throw DatabaseBackupError.notAWardenBackup(path: file.path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        return Contents(bytes: size, migrationVersion: newest.version, migrationName: newest.name)
    }

    /// Restores `file` into the database in one transaction, then applies the migrations the backup lacks.
    ///
    /// The database must be empty, or with `replace` hold Warden's tables at the backup's migration or an
    /// older one: they are dropped and recreated in the same transaction, so a failure leaves them as they were.
    /// Ownership and grants are not restored: the tables belong to the user restoring them.
    public func restore(
        _ file: URL, into endpoint: DatabaseEndpoint, replace: Bool, migrations: [Migration], logger: Logger
    ) async throws -> Restored {
        let contents = try await read(file)
        let known = migrations.map(\.version).max() ?? 0
        guard contents.migrationVersion <= known else {
            throw DatabaseBackupError.backupNewerThanWarden(backup: contents.migrationVersion, known: known)
        }
        let (tables, current) = try await endpoint.withConnection(logger: logger) { connection in
            try await (Self.tableCount(connection, logger: logger), Self.migrationVersion(connection, logger: logger))
        }
        if tables > 0 && !replace { throw DatabaseBackupError.databaseNotEmpty(tables: tables) }
        if current > contents.migrationVersion {
            throw DatabaseBackupError.databaseNewerThanBackup(database: current, backup: contents.migrationVersion)
        }
        var arguments = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
        if replace { arguments += ["--clean", "--if-exists"] }
        let result = try await Subprocess(
            executable: pgRestore,
            arguments: arguments + ["--dbname=\(endpoint.libpqDatabaseArgument)", file.path],
            environment: endpoint.libpqEnvironment
        ).run()
        guard result.status == 0 else { throw DatabaseBackupError.restoreFailed(output: result.output.lastLines(5)) }
        let applied = try await endpoint.withConnection(logger: logger) { connection in
            try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
        }
        return Restored(contents: contents, appliedMigrations: applied)
    }

    /// The rows of `schema_migrations` in a plain script `pg_restore` wrote (its `COPY … FROM stdin` block).
    static func migrations(inScript script: String) -> [(version: Int, name: String)] {
        var rows: [(version: Int, name: String)] = []
        var inBlock = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("COPY ") && line.contains("schema_migrations") {
                inBlock = true
            } else if inBlock && line == "\\." {
                inBlock = false
            } else if inBlock {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                if fields.count >= 2, let version = Int(fields[0]) { rows.append((version, String(fields[1]))) }
            }
        }
        return rows
    }

    static func tableCount(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """,
            logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// The newest migration applied in the database, 0 when it has none.
    static func migrationVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return 0 }
        let rows = try await connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations", logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }
}
