import Foundation
import Logging
import PostgresNIO
import Testing
import WardenStore
import WardenTestSupport

@Suite struct MigrationRunnerTests {
    let logger = TestDatabaseServer.shared.logger

    @Test func appliesInOrderAndOnce() async throws {
        let fixture = try MigrationFixture(files: [
            "0001_create.sql": "CREATE TABLE events (n int NOT NULL);\nINSERT INTO events VALUES (1);",
            "0002_second.sql": "INSERT INTO events SELECT max(n) + 1 FROM events;",
        ])
        let endpoint = try await TestDatabaseServer.shared.makeEmptyDatabase()
        try await withClient(endpoint, logger: logger) { client in
            let runner = MigrationRunner(migrations: try Migration.load(from: fixture.url))
            let first = try await runner.run(on: client, logger: logger)
            #expect(first.map(\.version) == [1, 2])
            let second = try await runner.run(on: client, logger: logger)
            #expect(second.isEmpty)
            #expect(try await client.integers("SELECT n FROM events ORDER BY n", logger) == [1, 2])
            #expect(try await client.integers("SELECT version FROM schema_migrations ORDER BY version", logger) == [1, 2])

            try fixture.write("0003_third.sql", "INSERT INTO events VALUES (3);")
            let third = try await MigrationRunner(migrations: try Migration.load(from: fixture.url)).run(on: client, logger: logger)
            #expect(third.map(\.fileName) == ["0003_third.sql"])
            #expect(try await client.integers("SELECT n FROM events ORDER BY n", logger) == [1, 2, 3])
        }
    }

    @Test func refusesAnEditedAppliedMigrationAndAppliesNothing() async throws {
        let fixture = try MigrationFixture(files: ["0001_create.sql": "CREATE TABLE t (x int);"])
        let endpoint = try await TestDatabaseServer.shared.makeEmptyDatabase()
        try await withClient(endpoint, logger: logger) { client in
            try await MigrationRunner(migrations: try Migration.load(from: fixture.url)).run(on: client, logger: logger)
            try fixture.write("0001_create.sql", "CREATE TABLE t (x bigint);")
            try fixture.write("0002_more.sql", "CREATE TABLE u (y int);")
            let edited = MigrationRunner(migrations: try Migration.load(from: fixture.url))
            do {
                try await edited.run(on: client, logger: logger)
                Issue.record("an edited migration was accepted")
            } catch let error as MigrationError {
                guard case .checksumMismatch(let fileName, _, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(fileName == "0001_create.sql")
                #expect(error.description.contains("0001_create.sql was changed after it was applied"))
            }
            #expect(try await client.integers("SELECT count(*)::int FROM pg_tables WHERE tablename = 'u'", logger) == [0])
        }
    }

    @Test func refusesADatabaseMigratedByANewerWarden() async throws {
        let fixture = try MigrationFixture(files: ["0001_create.sql": "CREATE TABLE t (x int);", "0002_more.sql": "CREATE TABLE u (y int);"])
        let endpoint = try await TestDatabaseServer.shared.makeEmptyDatabase()
        try await withClient(endpoint, logger: logger) { client in
            try await MigrationRunner(migrations: try Migration.load(from: fixture.url)).run(on: client, logger: logger)
            let older = try Migration.load(from: fixture.url).filter { $0.version == 1 }
            await #expect(throws: MigrationError.unknownAppliedMigration("0002_more.sql")) {
                try await MigrationRunner(migrations: older).run(on: client, logger: logger)
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let fixture = try MigrationFixture(files: [
            "0001_ok.sql": "CREATE TABLE kept (x int);",
            "0002_broken.sql": "CREATE TABLE half (x int);\nINSERT INTO half VALUES (1);\nSELECT * FROM no_such_table;",
        ])
        let endpoint = try await TestDatabaseServer.shared.makeEmptyDatabase()
        try await withClient(endpoint, logger: logger) { client in
            let runner = MigrationRunner(migrations: try Migration.load(from: fixture.url))
            await #expect(throws: MigrationError.failed(fileName: "0002_broken.sql", statement: 2, reason: #"relation "no_such_table" does not exist"#)) {
                try await runner.run(on: client, logger: logger)
            }
            #expect(try await client.integers("SELECT version FROM schema_migrations", logger) == [1])
            #expect(try await client.integers("SELECT count(*)::int FROM pg_tables WHERE tablename = 'half'", logger) == [0])
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let fixture = try MigrationFixture(files: [
            "0001_create.sql": "CREATE TABLE applications (migration int NOT NULL);\nSELECT pg_sleep(0.2);\nINSERT INTO applications VALUES (1);",
            "0002_more.sql": "INSERT INTO applications VALUES (2);",
        ])
        let endpoint = try await TestDatabaseServer.shared.makeEmptyDatabase()
        let migrations = try Migration.load(from: fixture.url)
        try await withClient(endpoint, logger: logger) { client in
            let logger = self.logger
            let applied = try await withThrowingTaskGroup(of: [Migration].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await endpoint.withConnection(logger: logger) { connection in
                            try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
            }
            #expect(applied.map(\.version).sorted() == [1, 2])
            #expect(try await client.integers("SELECT migration FROM applications ORDER BY migration", logger) == [1, 2])
        }
    }
}

extension PostgresClient {
    func integers(_ sql: String, _ logger: Logger) async throws -> [Int] {
        var values: [Int] = []
        for try await value in try await query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
            values.append(value)
        }
        return values
    }
}
