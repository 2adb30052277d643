import Foundation
public import Logging
import PostgresNIO
public import WardenStore

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server a test process uses: the embedded launcher's own cluster in a temporary directory,
/// or the server `WARDEN_TEST_DATABASE_URL` names.
///
/// Every test that touches storage gets a database of its own, created from a template that has all of
/// Warden's migrations applied, so suites run in parallel without sharing state.
public actor TestDatabaseServer {
    /// The one server of this test process, started on first use and stopped when the process exits.
    public static let shared = TestDatabaseServer()

    private enum State {
        case idle
        case starting(Task<DatabaseEndpoint, any Error>)
        case ready(DatabaseEndpoint)
    }

    private var state: State = .idle
    private let templateName = "warden_template_\(getpid())"
    private var template: Task<Void, any Error>?
    public nonisolated let logger: Logger = {
        var logger = Logger(label: "warden.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["WARDEN_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// The server's administrative endpoint (its default database), starting the server if needed.
    public func serverEndpoint() async throws -> DatabaseEndpoint {
        switch state {
        case .ready(let endpoint):
            return endpoint
        case .starting(let task):
            return try await task.value
        case .idle:
            let logger = self.logger
            let task = Task<DatabaseEndpoint, any Error> {
                if let url = ProcessInfo.processInfo.environment["WARDEN_TEST_DATABASE_URL"], !url.isEmpty {
                    return try DatabaseEndpoint(url: url)
                }
                let cluster = EmbeddedPostgres(dataDirectory: Self.temporaryClusterDirectory(), durability: .ephemeral, logger: logger)
                try await cluster.start()
                ClusterReaper.register(cluster)
                return cluster.endpoint()
            }
            state = .starting(task)
            do {
                let endpoint = try await task.value
                state = .ready(endpoint)
                return endpoint
            } catch {
                state = .idle
                throw error
            }
        }
    }

    /// Creates an empty database with all of Warden's migrations applied and returns its endpoint.
    public func makeMigratedDatabase() async throws -> DatabaseEndpoint {
        let server = try await serverEndpoint()
        // One creation, however many tests ask at once: the actor is re-entered at every await.
        let template = self.template ?? Task { [templateName, logger] in
            let migrations = try Migration.load(from: Migration.sourceCheckoutDirectory!)
            try await server.withConnection(logger: logger) { connection in
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(templateName)"), logger: logger) {}
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(templateName)"), logger: logger) {}
            }
            try await server.with(database: templateName).withConnection(logger: logger) { connection in
                try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
            }
        }
        self.template = template
        try await template.value
        return try await makeDatabase(template: templateName)
    }

    /// Creates an empty database with no migrations applied, for tests of the migrator itself.
    public func makeEmptyDatabase() async throws -> DatabaseEndpoint {
        try await makeDatabase(template: "template0")
    }

    /// Drops a database made by this server, closing any sessions still connected to it.
    public func dropDatabase(_ endpoint: DatabaseEndpoint) async throws {
        let server = try await serverEndpoint()
        try await server.withConnection(logger: logger) { connection in
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(endpoint.database) WITH (FORCE)"), logger: logger) {}
        }
    }

    private func makeDatabase(template: String) async throws -> DatabaseEndpoint {
        let server = try await serverEndpoint()
        let name = "warden_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await server.withConnection(logger: logger) { connection in
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"), logger: logger) {}
        }
        return server.with(database: name)
    }

    /// A short path, so the cluster's socket stays under the 107-byte limit.
    static func temporaryClusterDirectory() -> URL {
        URL(fileURLWithPath: "/tmp/warden-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }
}

/// Stops and removes the test process's embedded cluster when the process exits.
enum ClusterReaper {
    nonisolated(unsafe) private static var cluster: EmbeddedPostgres?
    nonisolated(unsafe) private static var pgCtl = "pg_ctl"

    static func register(_ embedded: EmbeddedPostgres) {
        cluster = embedded
        pgCtl = (try? PostgresBinaries.locate().pgCtl) ?? "pg_ctl"
        atexit {
            guard let cluster = ClusterReaper.cluster else { return }
            let runAs = geteuid() == 0 ? "/usr/bin/setpriv --reuid=postgres --regid=postgres --init-groups -- " : ""
            _ = system(
                "\(runAs)\(ClusterReaper.pgCtl) -D '\(cluster.clusterDirectory.path)' -m immediate -w stop >/dev/null 2>&1; rm -rf '\(cluster.dataDirectory.path)'"
            )
        }
    }
}
