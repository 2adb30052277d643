import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServer
import WardenServices
import WardenStore
import WardenTestSupport

/// Runs `body` against a live server on a fresh, migrated database with a first-started account, passing the
/// environment a CLI user would set (endpoint and the account's root key) and the root credentials.
func withInteropServer(
    logger: Logger = TestDatabaseServer.shared.logger,
    _ body: @escaping @Sendable (_ environment: [String: String], _ root: FirstStart.RootCredentials) async throws -> Void
) async throws {
    try Clients.requireInstalled()
    try await withMigratedDatabase { endpoint, client in
        let masterKey = MasterKey.generate()
        let root = try #require(
            try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey)
                .run(.init(), logger: logger)
        )
        let configuration = ServerConfiguration(hostname: "127.0.0.1", port: 0)
        let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        let app = buildApplication(configuration: configuration, client: serverClient, masterKey: masterKey, logger: logger)
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            let environment = Clients.environment(endpoint: "http://127.0.0.1:\(port)", accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            try await body(environment, root)
        }
    }
}
