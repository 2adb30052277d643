import Foundation
import Logging
import Testing
import WardenAWS
import WardenStore
import WardenTestSupport

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The embedded PostgreSQL killed under a writing client: Warden restarts it by itself, every failure meanwhile
/// is `ServiceUnavailable`, and every write it acknowledged is there afterwards.
///
/// Run on its own (`WARDEN_OUTAGE_TESTS=1 swift test --filter DatabaseOutageTests`): it times calls, which the
/// rest of the suite running beside it on two cores disturbs.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["WARDEN_OUTAGE_TESTS"] != nil, "set WARDEN_OUTAGE_TESTS=1 to run"))
struct DatabaseOutageTests {
    static let script = Clients.scripts.appendingPathComponent("outage_client.py").path
    static let root = WardenHarness.Credentials(accessKeyID: "AKIAOUTAGETEST000001", secretAccessKey: "outage-test-secret-outage-test-secret-000")

    struct Report {
        let acknowledged: [String]
        let errors: [String: Int]
        let slowestFailure: Double
        let slowestCall: Double
        let slowCalls: [[Any]]
    }

    static func write(for seconds: Int, to server: ServeProcess) async throws -> Report {
        let result = try await Clients.run(
            ["python3", script, "\(seconds)"],
            environment: Clients.environment(endpoint: server.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey))
        let object = try #require((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any], "\(result.output)\(result.error)")
        return Report(
            acknowledged: object["acknowledged"] as? [String] ?? [], errors: object["errors"] as? [String: Int] ?? [:],
            slowestFailure: object["slowest_failure"] as? Double ?? 0, slowestCall: object["slowest_call"] as? Double ?? 0,
            slowCalls: object["slow_calls"] as? [[Any]] ?? [])
    }

    /// Every user the server acknowledged, listed by the server afterwards.
    static func expectPersisted(_ report: Report, on server: ServeProcess) async throws {
        let listed = try await Clients.run(
            ["aws", "iam", "list-users", "--output", "json", "--query", "Users[].UserName"],
            environment: Clients.environment(endpoint: server.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey))
        let names = Set((try? JSONSerialization.jsonObject(with: Data(listed.output.utf8))) as? [String] ?? [])
        let lost = report.acknowledged.filter { !names.contains($0) }
        #expect(lost.isEmpty, "acknowledged but gone: \(lost.prefix(10)) (\(listed.error))")
    }

    /// Every failure was `ServiceUnavailable`, and no call waited longer than the restart takes.
    static func expectAnsweredFast(_ report: Report) {
        #expect(report.slowestCall < 10, "a call took \(report.slowestCall) s: \(report.slowCalls)")
        let unexpected = report.errors.filter { $0.key != "ServiceUnavailable 503" }
        #expect(unexpected.isEmpty, "errors other than ServiceUnavailable: \(report.errors)")
    }

    static func healthy(_ server: ServeProcess, within seconds: Int) async -> Bool {
        for _ in 0..<(seconds * 10) {
            if await ServeProcess.healthy(port: server.port) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func aKilledEmbeddedClusterIsRestartedAndNoAcknowledgedWriteIsLost() async throws {
        try await Clients.requireInstalled()
        let directory = URL(fileURLWithPath: "/tmp/warden-outage-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeProcess.startEmbedded(dataDirectory: directory, root: Self.root)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let cluster = EmbeddedPostgres(dataDirectory: directory, logger: Logger(label: "warden.tests"))
        let killed = try #require(cluster.postmasterPID())

        async let report = Self.write(for: 9, to: server)
        try await Task.sleep(for: .seconds(2))
        #expect(kill(killed, SIGKILL) == 0)
        let written = try await report

        #expect(await Self.healthy(server, within: 20), "/health did not come back")
        #expect(cluster.postmasterPID() != killed)
        #expect(server.process.isRunning)
        Self.expectAnsweredFast(written)
        #expect(written.acknowledged.count > 10)
        try await Self.expectPersisted(written, on: server)
        print("embedded cluster killed: \(written.acknowledged.count) writes acknowledged, errors \(written.errors), slowest call \(written.slowestCall) s")
    }
}
