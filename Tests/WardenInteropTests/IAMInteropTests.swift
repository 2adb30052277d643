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
        "account",
        "simulator",
        "authorization",
        "sts",
    ]

    static let script = Clients.scripts.appendingPathComponent("iam_scenarios.py").path

    @Test(arguments: IAMInteropTests.scenarios)
    func scenario(_ name: String) async throws {
        try await withInteropServer { environment, _ in
            let result = try await Clients.run(["python3", Self.script, name], environment: environment)
            let line = result.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let report = try #require(
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                "iam_scenarios.py \(name) printed no report (exit \(result.status)): \(result.output)\n\(result.error)"
            )
            let failures = report["failures"] as? [String] ?? []
            #expect(
                report["ok"] as? Bool == true,
                "\(name): \(failures.count) check(s) failed:\n\(failures.joined(separator: "\n"))"
            )
            #expect(result.status == 0, "iam_scenarios.py \(name) exited \(result.status): \(result.error)")
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
