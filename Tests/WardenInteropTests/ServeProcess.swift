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
    static func start(
        database: DatabaseEndpoint, masterKey: MasterKey, openOnly: [MasterKey] = [], root: WardenHarness.Credentials? = nil
    ) throws -> ServeProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ["WARDEN_MASTER_KEY": masterKey.base64]
        if !openOnly.isEmpty { environment["WARDEN_OPEN_ONLY_MASTER_KEYS"] = openOnly.map(\.base64).joined(separator: ",") }
        if let root {
            environment["WARDEN_ROOT_ACCESS_KEY_ID"] = root.accessKeyID
            environment["WARDEN_ROOT_SECRET_ACCESS_KEY"] = root.secretAccessKey
        }
        return try launch(["--data-dir", directory.path, "--database-url", WardenHarness.databaseURL(database)], environment: environment)
    }

    /// Starts the server on its own embedded PostgreSQL in `dataDirectory` (made reachable by the cluster's
    /// system user), its first account's root key being `root`.
    static func startEmbedded(dataDirectory: URL, root: WardenHarness.Credentials) throws -> ServeProcess {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return try launch(
            ["--data-dir", dataDirectory.path],
            environment: ["WARDEN_ROOT_ACCESS_KEY_ID": root.accessKeyID, "WARDEN_ROOT_SECRET_ACCESS_KEY": root.secretAccessKey])
    }

    private static func launch(_ arguments: [String], environment extra: [String: String]) throws -> ServeProcess {
        let port = Int.random(in: 20000...45000)
        let process = Process()
        process.executableURL = WardenExecutable.url
        process.arguments = ["serve", "--port", "\(port)", "--log-level", "warning"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
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
