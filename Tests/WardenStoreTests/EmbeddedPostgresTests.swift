import Foundation
import Logging
import PostgresNIO
import Testing
import WardenStore
import WardenTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Each test runs a cluster of its own, in its own directory, through the same launcher `warden serve` uses.
@Suite struct EmbeddedPostgresTests {
    let logger = TestDatabaseServer.shared.logger

    func withCluster(
        durability: EmbeddedPostgres.Durability = .ephemeral,
        _ body: (EmbeddedPostgres) async throws -> Void
    ) async throws {
        let directory = URL(fileURLWithPath: "/tmp/warden-ep-\(UInt32.random(in: 0...UInt32.max))")
        let cluster = EmbeddedPostgres(dataDirectory: directory, durability: durability, logger: logger)
        do {
            try await body(cluster)
        } catch {
            Issue.record("\(String(reflecting: error))")
            try? await cluster.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        try? await cluster.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func count(_ cluster: EmbeddedPostgres) async throws -> Int {
        try await cluster.endpoint().withConnection(logger: logger) { connection in
            var total = 0
            for try await value in try await connection.query("SELECT count(*)::int FROM kept", logger: logger).decode(Int.self) {
                total = value
            }
            return total
        }
    }

    @Test func startsIsReusedStopsAndKeepsItsData() async throws {
        try await withCluster { cluster in
            try await cluster.start()
            let firstPID = try #require(cluster.postmasterPID())
            #expect(FileManager.default.fileExists(atPath: cluster.socketPath))
            try await cluster.endpoint().withConnection(logger: logger) { connection in
                try await connection.query("CREATE TABLE kept (x int)", logger: logger)
                try await connection.query("INSERT INTO kept VALUES (1)", logger: logger)
                var listens: [String] = []
                for try await value in try await connection.query("SHOW listen_addresses", logger: logger).decode(String.self) {
                    listens.append(value)
                }
                #expect(listens == [""], "the embedded cluster must listen on no TCP address")
            }

            try await cluster.start()
            #expect(cluster.postmasterPID() == firstPID, "a running cluster is reused, not restarted")

            try await cluster.stop()
            #expect(cluster.postmasterPID() == nil)
            #expect(!cluster.isRunning)
            #expect(!FileManager.default.fileExists(atPath: cluster.socketPath))

            try await cluster.start()
            #expect(try await count(cluster) == 1)
        }
    }

    @Test func settingsLostToACrashAfterInitdbAreRestoredAtStart() async throws {
        try await withCluster { cluster in
            try await cluster.start()
            try await cluster.stop()
            // As if Warden had died between initdb and writing its settings.
            let configuration = cluster.clusterDirectory.appendingPathComponent("postgresql.conf")
            let text = try String(contentsOf: configuration, encoding: .utf8)
            let marker = try #require(text.range(of: "\n# Written by Warden"))
            try Data(text[..<marker.lowerBound].utf8).write(to: configuration)
            try await cluster.start()
            try await cluster.endpoint().withConnection(logger: logger) { connection in
                var listens: [String] = []
                for try await value in try await connection.query("SHOW listen_addresses", logger: logger).decode(String.self) {
                    listens.append(value)
                }
                #expect(listens == [""])
            }
            let hba = try String(contentsOf: cluster.clusterDirectory.appendingPathComponent("pg_hba.conf"), encoding: .utf8)
            let rules = hba.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(rules.filter { $0.hasPrefix("host") }.allSatisfy { $0.hasSuffix("reject") }, "TCP logins are refused outright")
        }
    }

    @Test func recoversFromAKilledPostmaster() async throws {
        // Durable: an ephemeral cluster's asynchronous commits may be lost with the postmaster, by design.
        try await withCluster(durability: .durable) { cluster in
            try await cluster.start()
            try await cluster.endpoint().withConnection(logger: logger) { connection in
                try await connection.query("CREATE TABLE kept (x int)", logger: logger)
                try await connection.query("INSERT INTO kept VALUES (1), (2)", logger: logger)
            }
            let pid = try #require(cluster.postmasterPID())
            #expect(kill(pid, SIGKILL) == 0)
            for _ in 0..<100 where cluster.isRunning {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!cluster.isRunning)
            #expect(FileManager.default.fileExists(atPath: cluster.clusterDirectory.appendingPathComponent("postmaster.pid").path))

            try await cluster.start()
            #expect(cluster.postmasterPID() != pid)
            #expect(try await count(cluster) == 2)
        }
    }

    @Test func removesAStalePostmasterPIDFile() async throws {
        try await withCluster { cluster in
            try await cluster.start()
            try await cluster.endpoint().withConnection(logger: logger) { connection in
                try await connection.query("CREATE TABLE kept (x int)", logger: logger)
            }
            try await cluster.stop()
            let pidFile = cluster.clusterDirectory.appendingPathComponent("postmaster.pid")
            // A PID that is certainly not a postmaster: this test process itself.
            try Data("\(getpid())\n\(cluster.clusterDirectory.path)\n".utf8).write(to: pidFile)
            try await cluster.start()
            #expect(cluster.postmasterPID() != getpid())
            #expect(try await count(cluster) == 0)
        }
    }

    @Test func oneProcessAtATimeRunsADataDirectory() async throws {
        let directory = URL(fileURLWithPath: "/tmp/warden-lock-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = EmbeddedPostgres(dataDirectory: directory, durability: .ephemeral, logger: logger)
        try await cluster.withRunning { endpoint in
            #expect(cluster.isRunning)
            await #expect {
                try await EmbeddedPostgres(dataDirectory: directory, durability: .ephemeral, logger: logger).withRunning { _ in }
            } throws: { error in
                guard case .dataDirectoryInUse(let path, let pid) = error as? EmbeddedPostgresError else { return false }
                return path == directory.path && pid == "\(getpid())"
            }
            #expect(cluster.isRunning, "the refused second user did not stop the cluster")
            try await endpoint.withConnection(logger: logger) { connection in
                try await connection.query("SELECT 1", logger: logger)
            }
        }
        #expect(!cluster.isRunning)
        try await cluster.withRunning { _ in #expect(cluster.isRunning) }
    }

    @Test func missingServerProgramsNameThePackage() {
        #expect(throws: EmbeddedPostgresError.binariesNotFound) {
            try PostgresBinaries.locate(environment: ["PATH": "/nonexistent"], versionsRoot: "/nonexistent")
        }
        #expect(EmbeddedPostgresError.binariesNotFound.description.contains("apt-get install postgresql"))
    }

    @Test func refusesASocketPathTooLongForUnixSockets() async {
        let directory = URL(fileURLWithPath: "/tmp/" + String(repeating: "d", count: 120))
        let cluster = EmbeddedPostgres(dataDirectory: directory, logger: logger)
        await #expect(throws: EmbeddedPostgresError.socketPathTooLong(cluster.socketPath)) { try await cluster.start() }
    }
}
