import Foundation
import Testing
import WardenTestSupport

@testable import WardenStore

/// `warden backup`/`restore` below the commands (which WardenInteropTests run): the endpoint handed to the
/// tools, the backup's migration read back, and an older backup restored and migrated.
@Suite struct DatabaseBackupTests {
    @Test func theToolsGetTheEndpointThroughTheEnvironmentAndThePasswordNeverAsAnArgument() throws {
        let tcp = try DatabaseEndpoint(url: "postgres://warden:s%40cret@db.internal:6432/orgs?sslmode=require")
        #expect(
            tcp.libpqEnvironment == [
                "PGHOST": "db.internal", "PGPORT": "6432", "PGUSER": "warden", "PGPASSWORD": "s@cret", "PGDATABASE": "orgs",
                "PGSSLMODE": "require", "PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "warden",
            ])
        #expect(!tcp.libpqDatabaseArgument.contains("cret"))
        let socket = try DatabaseEndpoint(url: "postgres://warden@localhost:5433/it's?host=/srv/warden/run")
        #expect(socket.libpqEnvironment["PGHOST"] == "/srv/warden/run")
        #expect(socket.libpqEnvironment["PGPORT"] == "5433")
        #expect(socket.libpqEnvironment["PGPASSWORD"] == nil)
        // A name with a quote stays one libpq value.
        #expect(socket.libpqDatabaseArgument == #"dbname='it\'s'"#)
    }

    @Test func readsTheMigrationsFromTheDumpsCopyBlock() {
        let script = """
            --
            -- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: warden
            --

            COPY public.schema_migrations (version, name, checksum, applied_at) FROM stdin;
            1\taccounts\tabc\t2026-12-01 03:24:35.1+00
            6\taudit\tdef\t2026-12-01 03:24:35.2+00
            2\tcredentials\tghi\t2026-12-01 03:24:35.3+00
            \\.

            """
        let rows = DatabaseBackup.migrations(inScript: script)
        #expect(rows.map(\.version) == [1, 6, 2])
        #expect(rows.map(\.name) == ["accounts", "audit", "credentials"])
        #expect(DatabaseBackup.migrations(inScript: "pg_restore: warning: nothing\n").isEmpty)
    }

    @Test func anOlderBackupIsRestoredAndMigratedAndNeverOverANewerSchema() async throws {
        let server = TestDatabaseServer.shared
        let logger = server.logger
        let all = try Migration.load(from: try #require(Migration.sourceCheckoutDirectory))
        let older = Array(all.dropLast())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-backup-\(UUID().uuidString).dump")
        defer { try? FileManager.default.removeItem(at: file) }
        let backup = try DatabaseBackup()

        let source = try await server.makeEmptyDatabase()
        try await source.withConnection(logger: logger) { try await MigrationRunner(migrations: older).run(on: $0, logger: logger) }
        let contents = try await backup.backUp(source, to: file)
        try await server.dropDatabase(source)
        #expect(contents.migrationVersion == older.last?.version)
        #expect(contents.bytes > 0)

        let target = try await server.makeEmptyDatabase()
        let restored = try await backup.restore(file, into: target, replace: false, migrations: all, logger: logger)
        #expect(restored.appliedMigrations == [all.last])
        // Now past the backup: --replace would leave the newest migration's tables behind.
        await #expect(throws: DatabaseBackupError.databaseNewerThanBackup(database: all.last!.version, backup: older.last!.version)) {
            try await backup.restore(file, into: target, replace: true, migrations: all, logger: logger)
        }
        await #expect(throws: DatabaseBackupError.backupNewerThanWarden(backup: older.last!.version, known: older.dropLast().last!.version)) {
            try await backup.restore(file, into: target, replace: true, migrations: Array(older.dropLast()), logger: logger)
        }
        try await server.dropDatabase(target)
    }
}
