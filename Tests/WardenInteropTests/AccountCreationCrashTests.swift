import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Crash safety of `CreateAccount` with a real server: `warden serve` is killed (`SIGKILL`) while its worker
/// is finishing a batch of `CreateAccount` requests (as soon as the first has succeeded), and restarted on the
/// same database; every request then ends `SUCCEEDED` (the account whole: listed, `ACTIVE`, its access role
/// assumable) or `FAILED` (nothing of it left), never half-made.
@Suite struct AccountCreationCrashTests {
    static let script = Clients.scripts.appendingPathComponent("account_crash.py").path
    static let requestCount = 24

    @Test func aKilledServerFinishesEveryCreationOnRestart() async throws {
        try await Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            let accountsBefore = try await Self.strings(client, "SELECT account_id FROM accounts", logger: logger)

            // The script kills the server itself, the moment the worker has finished the first request.
            let first = try ServeProcess.start(database: endpoint, masterKey: masterKey)
            defer { first.stop() }
            try await first.waitUntilHealthy()
            let started = try await Clients.run(
                ["python3", Self.script, "start", "\(first.process.processIdentifier)", "\(Self.requestCount)"],
                environment: Clients.environment(endpoint: first.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey))
            try #require(started.status == 0, "account_crash.py start: \(started.output)\(started.error)")
            while first.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            #expect(first.process.terminationReason == .uncaughtSignal && first.process.terminationStatus == SIGKILL)

            // What the crash left: the requests still pending are what the restart has to finish.
            let pending = try await Self.strings(
                client, "SELECT request_id FROM org_create_account_requests WHERE state = 'IN_PROGRESS'", logger: logger)
            #expect(!pending.isEmpty, "no request was caught in progress by the kill")
            let report = (try? JSONSerialization.jsonObject(with: Data(started.output.utf8))) as? [String: Any]
            print(
                "account creation crash: \(pending.count) of \(Self.requestCount) requests in progress when the server was killed, \(report?["succeeded_before_kill"] ?? "-") seen SUCCEEDED before"
            )

            let requests = FileManager.default.temporaryDirectory.appendingPathComponent("warden-crash-\(UUID().uuidString).json")
            try Data(started.output.utf8).write(to: requests)
            defer { try? FileManager.default.removeItem(at: requests) }
            let second = try ServeProcess.start(database: endpoint, masterKey: masterKey)
            defer { second.stop() }
            try await second.waitUntilHealthy()
            let finished = try await Clients.run(
                ["python3", Self.script, "finish", requests.path],
                environment: Clients.environment(endpoint: second.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey))
            let finishedReport = try #require(
                (try? JSONSerialization.jsonObject(with: Data(finished.output.utf8))) as? [String: Any],
                "account_crash.py finish printed no report: \(finished.output)\(finished.error)")
            #expect(finishedReport["ok"] as? Bool == true, "\(finishedReport["failures"] ?? finishedReport)")
            let created = finishedReport["accounts"] as? [String] ?? []
            let failedEmails = finishedReport["failed_emails"] as? [String] ?? []
            #expect(created.count + failedEmails.count == Self.requestCount, "\(finishedReport)")
            #expect(failedEmails.count >= 1, "\(finishedReport)")

            // In the database: exactly the accounts that succeeded were added, each whole; a failed one left nothing.
            let accountsAfter = try await Self.strings(client, "SELECT account_id FROM accounts", logger: logger)
            #expect(Set(accountsAfter) == Set(accountsBefore).union(created))
            for account in created {
                for (table, expected) in [("org_accounts", 1), ("iam_roles", 1), ("iam_policy_attachments", 1)] {
                    let rows = try await Self.strings(
                        client, "SELECT account_id FROM \(unescaped: table) WHERE account_id = \(account)", logger: logger)
                    #expect(rows.count == expected, "\(table) of \(account): \(rows.count) rows")
                }
            }
            for email in failedEmails {
                let rows = try await Self.strings(client, "SELECT account_id FROM accounts WHERE lower(email) = lower(\(email))", logger: logger)
                #expect(rows.isEmpty, "an account with the failed request's email \(email) exists")
            }
            let unfinished = try await Self.strings(
                client, "SELECT request_id FROM org_create_account_requests WHERE state = 'IN_PROGRESS'", logger: logger)
            #expect(unfinished.isEmpty)
        }
    }

    static func strings(_ client: PostgresClient, _ query: PostgresQuery, logger: Logger) async throws -> [String] {
        var values: [String] = []
        for try await value in try await client.query(query, logger: logger).decode(String.self) { values.append(value) }
        return values
    }
}
