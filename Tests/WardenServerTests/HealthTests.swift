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
    @Test(.timeLimit(.minutes(2))) func healthFollowsTheDatabase() async throws {
        let server = TestDatabaseServer.shared
        let endpoint = try await server.makeMigratedDatabase()
        let maintenance = try await server.serverEndpoint()
        @Sendable func setAcceptsConnections(_ accepts: Bool) async throws {
            try await maintenance.withConnection(logger: logger) { connection in
                let name = endpoint.database
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) ALLOW_CONNECTIONS \(accepts)"), logger: logger) {}
                if !accepts {
                    for try await _ in try await connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(name)", logger: logger) {}
                }
            }
        }
        let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        let app = buildApplication(configuration: ServerConfiguration(), client: client, masterKey: .generate(), logger: logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"ok""#))
            }

            try await setAcceptsConnections(false)
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("database does not answer"))
            }

            try await setAcceptsConnections(true)
            var status: HTTPResponse.Status = .serviceUnavailable
            for _ in 0..<40 where status != .ok {
                status = try await client.execute(uri: "/health", method: .get) { $0.status }
                if status != .ok { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(status == .ok, "health recovers once the database is back")
        }
        try await server.dropDatabase(endpoint)
    }

    @Test func unknownPathsAreNotFound() async throws {
        let endpoint = try await TestDatabaseServer.shared.makeMigratedDatabase()
        try await withClient(endpoint, logger: logger) { _ in
            let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(), client: client, masterKey: .generate(), logger: logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/nope", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }
}
