import Foundation
public import WardenAWS
import WardenServices
public import WardenStore

extension WardenHarness {
    /// Like ``with(accountID:clock:cachingPolicies:_:)`` with the policy cache on, also handing `body` the database
    /// and the master key, so a real `warden serve` can be started on the same data (benchmarks seed in process,
    /// then measure through the server).
    public static func withServable<Result: Sendable>(
        accountID: String = "111122223333", _ body: (WardenHarness, DatabaseEndpoint, MasterKey) async throws -> Result
    ) async throws -> Result {
        try await withMigratedDatabase { endpoint, client in
            let logger = TestDatabaseServer.shared.logger
            let masterKey = MasterKey.generate()
            guard let root = try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey)
                .run(.init(accountID: accountID), logger: logger)
            else { throw HarnessError.noFirstStart }
            let environment = ServiceEnvironment(client: client, masterKey: masterKey)
            let authenticator = Authenticator(credentials: CredentialRepository(client: client), masterKey: masterKey, caches: environment.caches)
            let harness = WardenHarness(
                client: client, gateway: AWSGateway(authenticator: authenticator, environment: environment), environment: environment,
                root: Credentials(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey), accountID: root.accountID,
                logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await AccountCreationWorker(environment: environment).run(logger: logger) }
                group.addTask { await PolicyChangeListener(environment: environment).run(logger: logger) }
                defer { group.cancelAll() }
                return try await body(harness, endpoint, masterKey)
            }
        }
    }

    /// The `postgres://` URL `warden serve --database-url` takes for `endpoint`.
    public static func databaseURL(_ endpoint: DatabaseEndpoint) -> String {
        switch endpoint.location {
        case .unixSocket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(endpoint.username)@localhost:\(port)/\(endpoint.database)?host=\(directory)"
        case .tcp(let host, let port):
            return "postgres://\(endpoint.username)\(endpoint.password.map { ":\($0)" } ?? "")@\(host):\(port)/\(endpoint.database)"
        }
    }
}
