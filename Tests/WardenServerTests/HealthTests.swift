import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServer
import WardenStore
import WardenTestSupport

@Suite struct HealthTests {
    let logger = TestDatabaseServer.shared.logger

    /// The database stops accepting connections (every session ended, new ones refused) and comes back,
    /// as it does across a restart or failover: health answers 503 meanwhile and recovers on its own.
    ///
    /// The route alone over a pool the test runs and cancels (as every storage test does), not the whole
    /// application: how `warden serve` shuts down is the interop tests' to show.
    @Test(.timeLimit(.minutes(3))) func healthFollowsTheDatabase() async throws {
        let server = TestDatabaseServer.shared
        let endpoint = try await server.makeMigratedDatabase()
        let maintenance = try await server.serverEndpoint()
        @Sendable func setAcceptsConnections(_ accepts: Bool) async throws {
            try await maintenance.withConnection(logger: logger) { connection in
                let name = endpoint.database
                for try await _ in try await connection.query(
                    PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) ALLOW_CONNECTIONS \(accepts)"),
                    logger: logger)
                {}
                if !accepts {
                    for try await _ in try await connection.query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(name)",
                        logger: logger)
                    {}
                }
            }
        }
        try await withClient(endpoint, logger: logger) { pool in
            let router = Router()
            HealthController(health: DatabaseHealth(client: pool)).register(on: router)
            try await Application(router: router, logger: logger).test(.router) { client in
                // Polled, not asserted at once: under a full test run the pool's first connection can take longer
                // than the health check's 2 s.
                @Sendable func status(eventually wanted: HTTPResponse.Status) async throws -> (
                    HTTPResponse.Status, String
                ) {
                    var last: (HTTPResponse.Status, String) = (.serviceUnavailable, "")
                    for _ in 0..<120 {
                        last = try await client.execute(uri: "/health", method: .get) {
                            ($0.status, String(buffer: $0.body))
                        }
                        if last.0 == wanted { break }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                    return last
                }
                let healthy = try await status(eventually: .ok)
                #expect(healthy.0 == .ok)
                #expect(healthy.1.contains(#""status":"ok""#))

                try await setAcceptsConnections(false)
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("database does not answer"))
                }

                try await setAcceptsConnections(true)
                #expect(
                    try await status(eventually: .ok).0 == .ok, "health recovers once the database is back")
            }
        }
    }

    @Test func unknownPathsAreNotFound() async throws {
        let endpoint = try await TestDatabaseServer.shared.makeMigratedDatabase()
        try await withClient(endpoint, logger: logger) { _ in
            let client = PostgresClient(
                configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(
                configuration: ServerConfiguration(), client: client, masterKey: .generate(), logger: logger
            )
            try await app.test(.router) { client in
                try await client.execute(uri: "/nope", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }
}
