import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// Two `warden serve` processes on one PostgreSQL, as a deployment runs them: what one changes, the other
/// honours within milliseconds (its caches are invalidated through `LISTEN/NOTIFY`).
@Suite struct ReplicaTests {
    @Test func aChangeThroughOneReplicaReachesTheOtherWithin100ms() async throws {
        try await Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            var servers: [ServeProcess] = []
            defer { for server in servers { server.stop() } }
            for _ in 0..<2 { servers.append(try ServeProcess.start(database: endpoint, masterKey: masterKey)) }
            for server in servers { try await server.waitUntilHealthy() }
            let ports = servers.map(\.port)
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
