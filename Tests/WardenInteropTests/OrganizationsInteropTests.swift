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

/// AWS Organizations and its guardrails driven by boto3 against a live server: each scenario of
/// `Clients/organizations_scenarios.py` runs on a fresh database (it creates its own organization) with the first
/// account's root key, and a second standalone account for invitations and principals outside the organization.
@Suite struct OrganizationsInteropTests {
    /// The scenarios, in the order `organizations_scenarios.py --list` prints them.
    static let scenarios = [
        "organization",
        "ous",
        "accounts",
        "policies",
        "handshakes",
        "guardrails",
        "cross_account_sts",
        "delegation",
    ]

    static let script = Clients.scripts.appendingPathComponent("organizations_scenarios.py").path

    @Test(arguments: OrganizationsInteropTests.scenarios)
    func scenario(_ name: String) async throws {
        try await withOrganizationsInteropServer { environment, _ in
            let result = try await Clients.run(["python3", Self.script, name], environment: environment)
            let line = result.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let report = try #require(
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                "organizations_scenarios.py \(name) printed no report (exit \(result.status)): \(result.output)\n\(result.error)"
            )
            let failures = report["failures"] as? [String] ?? []
            #expect(
                report["ok"] as? Bool == true,
                "\(name): \(failures.count) check(s) failed:\n\(failures.joined(separator: "\n"))"
            )
            #expect(result.status == 0, "organizations_scenarios.py \(name) exited \(result.status): \(result.error)")
        }
    }

    /// Keeps the arguments above in step with the script, so a new scenario is never silently skipped.
    @Test func everyScenarioRuns() async throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        let result = try await Clients.run(["python3", Self.script, "--list"], environment: environment)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.split(whereSeparator: \.isNewline).map(String.init) == Self.scenarios)
    }
}

/// The variables `organizations_scenarios.py` reads the standalone second account's root key and email from.
func secondAccountEnvironment(_ credentials: FirstStart.RootCredentials, email: String) -> [String: String] {
    [
        "WARDEN_SECOND_ACCESS_KEY_ID": credentials.accessKeyID, "WARDEN_SECOND_SECRET_ACCESS_KEY": credentials.secretAccessKey,
        "WARDEN_SECOND_EMAIL": email,
    ]
}

/// `withInteropServer` plus a second standalone account, whose root key is added to the environment.
func withOrganizationsInteropServer(
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
        // What `warden accounts create` does: a standalone account with a root key, outside any organization.
        let secondEmail = "second@example.com"
        let second = try await AccountSignUp(client: client, sealer: SecretSealer(masterKey: masterKey))
            .run(name: "second", email: secondEmail, logger: logger)
        let configuration = ServerConfiguration(hostname: "127.0.0.1", port: 0)
        let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        let app = buildApplication(configuration: configuration, client: serverClient, masterKey: masterKey, logger: logger)
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            var environment = Clients.environment(endpoint: "http://127.0.0.1:\(port)", accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            environment.merge(secondAccountEnvironment(second, email: secondEmail)) { _, new in new }
            try await body(environment, root)
        }
    }
}
