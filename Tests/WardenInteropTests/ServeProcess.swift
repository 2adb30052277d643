import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenStore
import WardenTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `warden serve` process on a test database, started as an operator starts it (`--database-url`,
/// the master key in `WARDEN_MASTER_KEY`, a rotation's other keys in `WARDEN_OPEN_ONLY_MASTER_KEYS`), for tests about processes: replicas, crashes, restarts.
struct ServeProcess {
    let process: Process
    let port: Int

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts the server on a random port; ``waitUntilHealthy()`` waits until it answers.
    static func start(database: DatabaseEndpoint, masterKey: MasterKey, openOnly: [MasterKey] = []) throws -> ServeProcess {
        let port = Int.random(in: 20000...45000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = WardenExecutable.url
        process.arguments = [
            "serve", "--port", "\(port)", "--data-dir", directory.path, "--database-url", WardenHarness.databaseURL(database), "--log-level", "warning",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["WARDEN_MASTER_KEY"] = masterKey.base64
        environment["WARDEN_OPEN_ONLY_MASTER_KEYS"] = openOnly.isEmpty ? nil : openOnly.map(\.base64).joined(separator: ",")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return ServeProcess(process: process, port: port)
    }

    /// Waits (at most 90 s, as a loaded machine starts slowly) until `/health` answers 200.
    func waitUntilHealthy() async throws {
        for _ in 0..<360 {
            if await Self.healthy(port: port) { return }
            if !process.isRunning {
                Issue.record("warden serve on port \(port) exited with \(process.terminationStatus)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("warden serve on port \(port) did not start")
        throw CancellationError()
    }

    /// Stops the server gracefully if it still runs.
    func stop() {
        if process.isRunning { process.terminate() }
    }

    static func healthy(port: Int) async -> Bool {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
        request.timeoutInterval = 2
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }
}
