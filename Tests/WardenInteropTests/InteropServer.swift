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
/// environment a CLI user would set (endpoint and the account's root key) and the root credentials. With
/// `secondAccount`, a standalone second account is made too (what `warden accounts create` does) and its root key
/// and email are added to the environment (`secondAccountEnvironment`). `identityProviderTrustRoots` are the CA
/// files the server trusts for OpenID Connect issuers (a test identity provider's).
func withInteropServer(
    logger: Logger = TestDatabaseServer.shared.logger, secondAccount: Bool = false, identityProviderTrustRoots: [String] = [],
    _ body: @escaping @Sendable (_ environment: [String: String], _ root: FirstStart.RootCredentials) async throws -> Void
) async throws {
    try await Clients.requireInstalled()
    try await withMigratedDatabase { endpoint, client in
        let masterKey = MasterKey.generate()
        let root = try #require(
            try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey)
                .run(.init(), logger: logger)
        )
        let secondEmail = "second@example.com"
        let second =
            secondAccount
            ? try await AccountSignUp(client: client, sealer: SecretSealer(masterKey: masterKey)).run(name: "second", email: secondEmail, logger: logger)
            : nil
        var configuration = ServerConfiguration(hostname: "127.0.0.1", port: 0)
        configuration.identityProviderTrustRoots = identityProviderTrustRoots
        let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        let app = buildApplication(configuration: configuration, client: serverClient, masterKey: masterKey, logger: logger)
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            var environment = Clients.environment(endpoint: "http://127.0.0.1:\(port)", accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            if let second { environment.merge(secondAccountEnvironment(second, email: secondEmail)) { _, new in new } }
            try await body(environment, root)
        }
    }
}
