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

    @Test func healthFollowsTheDatabase() async throws {
        let directory = URL(fileURLWithPath: "/tmp/warden-health-\(UInt32.random(in: 0...UInt32.max))")
        let cluster = EmbeddedPostgres(dataDirectory: directory, durability: .ephemeral, logger: logger)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await cluster.start()
        do {
            let client = PostgresClient(configuration: cluster.endpoint().clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(), client: client, masterKey: .generate(), logger: logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""status":"ok""#))
                }

                try await cluster.stop()
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("database does not answer"))
                }

                try await cluster.start()
                var status: HTTPResponse.Status = .serviceUnavailable
                for _ in 0..<40 where status != .ok {
                    status = try await client.execute(uri: "/health", method: .get) { $0.status }
                    if status != .ok { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(status == .ok, "health recovers once the database is back")
            }
        } catch {
            try? await cluster.stop()
            throw error
        }
        try await cluster.stop()
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
