import Foundation
import Testing

/// The IAM API driven by boto3 against a live server: each scenario of `Clients/iam_scenarios.py` runs on a
/// fresh database with the account's root key and reports every check that did not answer as AWS does.
@Suite struct IAMInteropTests {
    /// The scenarios, in the order `iam_scenarios.py --list` prints them.
    static let scenarios = [
        "users",
        "user_tags",
        "groups",
        "roles",
        "managed_policies",
        "inline_policies",
        "access_keys",
        "mfa",
        "oidc_providers",
        "instance_profiles",
        "account",
        "simulator",
        "authorization",
        "sts",
    ]

    static let script = Clients.scripts.appendingPathComponent("iam_scenarios.py").path

    @Test(arguments: IAMInteropTests.scenarios)
    func scenario(_ name: String) async throws {
        try await withInteropServer { environment, _ in
            try await Clients.expectScenario(Self.script, name, environment: environment)
        }
    }

    /// Keeps the arguments above in step with the script, so a new scenario is never silently skipped.
    @Test func everyScenarioRuns() async throws {
        #expect(try await Clients.scenarioNames(Self.script) == Self.scenarios)
    }
}
