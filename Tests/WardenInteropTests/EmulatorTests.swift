import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
import WardenAWS
import WardenServer
import WardenServices
import WardenStore
import WardenTestSupport

/// `warden emulate` as a test suite uses it: the pytest suites in `Tests/Emulator` run against the built binary
/// with fake credentials — the repo's own suite (its fixture starts the emulator), and a suite written in
/// moto_server's style that only has its endpoint changed.
@Suite(.serialized) struct EmulatorTests {
    static let suites = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Emulator")

    /// pytest's output, and the status it exited with.
    static func pytest(_ directory: String, environment extra: [String: String]) async throws -> Clients.Result {
        try await Clients.requireInstalled()
        let probe = try await Clients.run(["python3", "-c", "import pytest"], environment: ProcessInfo.processInfo.environment)
        try #require(probe.status == 0, "pytest is required: python3 -m pip install pytest (.ci/run does this)")
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["WARDEN_BIN"] = WardenExecutable.url.path
        environment.merge(extra) { $1 }
        let path = suites.appendingPathComponent(directory).path
        return try await Clients.run(
            ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", path, "-o", "addopts=", path], environment: environment)
    }

    @Test(.timeLimit(.minutes(5))) func theReposSuiteRunsAgainstTheEmulator() async throws {
        let result = try await Self.pytest("suite", environment: [:])
        #expect(result.status == 0, "pytest Tests/Emulator/suite failed:\n\(result.output.suffix(6000))\n\(result.error.suffix(2000))")
        #expect(result.output.contains(" passed"), "\(result.output)")
    }

    @Test(.timeLimit(.minutes(5))) func aMotoStyleSuiteRunsWithOnlyItsEndpointChanged() async throws {
        let port = Int.random(in: 20000...45000)
        let process = Process()
        process.executableURL = WardenExecutable.url
        process.arguments = ["emulate", "--port", "\(port)", "--log-level", "warning"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("WARDEN_") }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try await ServeProcess(process: process, port: port).waitUntilHealthy()
        let result = try await Self.pytest("moto_style", environment: ["MOTO_ENDPOINT": "http://127.0.0.1:\(port)"])
        #expect(result.status == 0, "pytest Tests/Emulator/moto_style failed:\n\(result.output.suffix(6000))\n\(result.error.suffix(2000))")
        #expect(result.output.contains(" passed"), "\(result.output)")
        process.terminate()
        try await ChildProcess.waitForExit(process)
        #expect(process.terminationStatus == 0, "warden emulate did not stop cleanly on SIGTERM")
    }

    /// `serve` is not an emulator: the reset paths do not exist there.
    @Test func serveHasNoResetEndpoints() async throws {
        try await withMigratedDatabase { endpoint, _ in
            let logger = TestDatabaseServer.shared.logger
            let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(port: 0), client: client, masterKey: .generate(), logger: logger)
            try await app.test(.router) { client in
                for path in ["/moto-api/reset", "/_warden/reset"] {
                    try await client.execute(uri: path, method: .post) { response in
                        #expect(response.status == .notFound, "\(path)")
                    }
                }
            }
        }
    }
}
