import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two `warden serve` processes on one PostgreSQL, as a deployment runs them: what one changes, the other
/// honours within milliseconds (its caches are invalidated through `LISTEN/NOTIFY`).
@Suite struct ReplicaTests {
    static var executable: URL { WardenExecutable.url }

    static func databaseURL(_ endpoint: DatabaseEndpoint) -> String {
        switch endpoint.location {
        case .unixSocket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(endpoint.username)@localhost:\(port)/\(endpoint.database)?host=\(directory)"
        case .tcp(let host, let port):
            return "postgres://\(endpoint.username)\(endpoint.password.map { ":\($0)" } ?? "")@\(host):\(port)/\(endpoint.database)"
        }
    }

    static func healthy(port: Int) async -> Bool {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
        request.timeoutInterval = 2
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    @Test func aChangeThroughOneReplicaReachesTheOtherWithin100ms() async throws {
        try Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            var processes: [Process] = []
            defer { for process in processes where process.isRunning { process.terminate() } }
            var ports: [Int] = []
            for _ in 0..<2 {
                let port = Int.random(in: 20000...45000)
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-replica-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let process = Process()
                process.executableURL = Self.executable
                process.arguments = [
                    "serve", "--port", "\(port)", "--data-dir", directory.path, "--database-url", Self.databaseURL(endpoint), "--log-level", "warning",
                ]
                var environment = ProcessInfo.processInfo.environment
                environment["WARDEN_MASTER_KEY"] = masterKey.base64
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                processes.append(process)
                ports.append(port)
            }
            for port in ports {
                var up = false
                for _ in 0..<360 where !up {
                    up = await Self.healthy(port: port)
                    if !up { try await Task.sleep(for: .milliseconds(250)) }
                }
                try #require(up, "replica on port \(port) did not start")
            }
            // Each replica's listener confirms itself within its first heartbeat.
            try await Task.sleep(for: .seconds(1))
            let environment = Clients.environment(endpoint: "http://127.0.0.1:\(ports[0])", accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            let result = try await Clients.run(
                ["python3", Clients.scripts.appendingPathComponent("replicas.py").path, "http://127.0.0.1:\(ports[0])", "http://127.0.0.1:\(ports[1])",
                    // Notifications take a few milliseconds on a quiet machine (README); the bound here also holds
                    // while the rest of the suite loads both cores, where each polling call itself takes tens of
                    // milliseconds. A replica that does not listen would take seconds or forever.
                    "500"],
                environment: environment)
            let report = try #require(
                (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any], "replicas.py printed no report: \(result.error)")
            print("replica propagation: key deactivation \(report["key_deactivation_ms"] ?? "-") ms, policy removal \(report["policy_removal_ms"] ?? "-") ms")
            #expect(report["ok"] as? Bool == true, "\(report)")
        }
    }
}
