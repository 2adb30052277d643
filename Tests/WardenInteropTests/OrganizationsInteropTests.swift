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
        try await withInteropServer(secondAccount: true) { environment, _ in
            try await Clients.expectScenario(Self.script, name, environment: environment)
        }
    }

    /// Keeps the arguments above in step with the script, so a new scenario is never silently skipped.
    @Test func everyScenarioRuns() async throws {
        #expect(try await Clients.scenarioNames(Self.script) == Self.scenarios)
    }
}

/// The variables `organizations_scenarios.py` reads the standalone second account's root key and email from.
func secondAccountEnvironment(_ credentials: FirstStart.RootCredentials, email: String) -> [String: String] {
    [
        "WARDEN_SECOND_ACCESS_KEY_ID": credentials.accessKeyID, "WARDEN_SECOND_SECRET_ACCESS_KEY": credentials.secretAccessKey,
        "WARDEN_SECOND_EMAIL": email,
    ]
}
