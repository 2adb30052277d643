import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real AWS CLI and boto3 as child processes.
enum Clients {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Clients")

    /// Fails (never skips) when the clients are missing, naming what to install.
    static func requireInstalled() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["sh", "-c", "command -v aws >/dev/null && python3 -c 'import boto3'"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        try #require(probe.terminationStatus == 0, "the AWS CLI and boto3 are required: python3 -m pip install awscli boto3 (.ci/run does this)")
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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("out")
        let errorURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status,
            output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        )
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
