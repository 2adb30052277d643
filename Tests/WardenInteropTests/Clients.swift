import Foundation
import Testing
import WardenTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real AWS CLI and boto3 as child processes.
enum Clients {
    typealias Result = ChildProcess.Result

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Clients")

    /// Fails (never skips) when the clients are missing, naming what to install.
    static func requireInstalled() async throws {
        let probe = try await ChildProcess.run(["sh", "-c", "command -v aws >/dev/null && python3 -c 'import boto3'"])
        try #require(probe.status == 0, "the AWS CLI and boto3 are required: python3 -m pip install awscli boto3 (.ci/run does this)")
    }

    static func environment(endpoint: String, accessKeyID: String, secret: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment["AWS_ENDPOINT_URL"] = endpoint
        environment["AWS_ACCESS_KEY_ID"] = accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = secret
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        environment["AWS_MAX_ATTEMPTS"] = "1"
        environment["AWS_RETRY_MODE"] = "standard"
        return environment
    }

    /// Runs `arguments` (resolved on PATH) and returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Result {
        try await ChildProcess.run(arguments, environment: environment)
    }

    /// Runs one case of `Clients/boto3_client.py` and returns its JSON report.
    static func boto3(_ testCase: String, environment: [String: String]) async throws -> [String: Any] {
        let result = try await run(["python3", scripts.appendingPathComponent("boto3_client.py").path, testCase], environment: environment)
        let object = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any]
        return try #require(object, "boto3_client.py \(testCase) printed no report: \(result.error)")
    }

    /// Runs one scenario of a scenario script (`iam_scenarios.py`, `organizations_scenarios.py`) and records its
    /// failures: the script's last line is its report, `{"ok": …, "failures": […]}`.
    static func expectScenario(_ script: String, _ name: String, environment: [String: String]) async throws {
        let file = (script as NSString).lastPathComponent
        let result = try await run(["python3", script, name], environment: environment)
        let line = result.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let report = try #require(
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
            "\(file) \(name) printed no report (exit \(result.status)): \(result.output)\n\(result.error)"
        )
        let failures = report["failures"] as? [String] ?? []
        #expect(report["ok"] as? Bool == true, "\(name): \(failures.count) check(s) failed:\n\(failures.joined(separator: "\n"))")
        #expect(result.status == 0, "\(file) \(name) exited \(result.status): \(result.error)")
    }

    /// The scenario names a script lists with `--list`.
    static func scenarioNames(_ script: String) async throws -> [String] {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        let result = try await run(["python3", script, "--list"], environment: environment)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        return result.output.split(whereSeparator: \.isNewline).map(String.init)
    }
}
