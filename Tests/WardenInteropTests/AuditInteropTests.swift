import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// The audit trail end to end, as an operator meets it: a scripted boto3 session against a real
/// `warden serve`; every call of it found with `aws cloudtrail lookup-events` with its caller, parameters and
/// error; no secret of the session anywhere in the events table; `warden audit verify` passing, then naming
/// the event after an edit, a swap and a deletion made in PostgreSQL; and `warden audit export` read back as
/// CloudTrail log files.
@Suite struct AuditInteropTests {
    typealias Object = [String: Any]

    static func lookup(_ key: String, _ value: String, _ environment: [String: String]) async throws -> [Object] {
        let result = try await Clients.run(
            ["aws", "cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=\(key),AttributeValue=\(value)", "--output", "json"],
            environment: environment)
        try #require(result.status == 0, "lookup-events \(key)=\(value): \(result.error)")
        let object = try #require((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? Object, "\(result.output)")
        return (object["Events"] as? [Object] ?? []).map { event in
            var event = event
            event["document"] = (event["CloudTrailEvent"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? Object }
            return event
        }
    }

    static func document(_ event: Object) -> Object { event["document"] as? Object ?? [:] }
    static func identity(_ event: Object) -> Object { document(event)["userIdentity"] as? Object ?? [:] }
    static func parameters(_ event: Object) -> Object { document(event)["requestParameters"] as? Object ?? [:] }

    static func warden(_ arguments: [String], database: DatabaseEndpoint) async throws -> Clients.Result {
        try await Clients.run(
            [WardenExecutable.url.path, "audit"] + arguments + ["--database-url", WardenHarness.databaseURL(database), "--log-level", "error"],
            environment: ProcessInfo.processInfo.environment)
    }

    static func tamper(_ sql: String, _ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only", logger: logger)
            try await connection.query("COMMIT", logger: logger)
        }
    }

    @Test func aScriptedSessionIsFoundVerifiedAndExported() async throws {
        try await Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            let second = try await AccountSignUp(client: client, sealer: SecretSealer(masterKey: masterKey))
                .run(name: "second", email: "second@example.com", logger: logger)
            let server = try ServeProcess.start(database: endpoint, masterKey: masterKey)
            defer { server.stop() }
            try await server.waitUntilHealthy()
            let first = Clients.environment(endpoint: server.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            let secondEnvironment = Clients.environment(endpoint: server.endpoint, accessKeyID: second.accessKeyID, secret: second.secretAccessKey)
            let session = try await Clients.run(
                ["python3", Clients.scripts.appendingPathComponent("audit_session.py").path],
                environment: first.merging(secondAccountEnvironment(second, email: "second@example.com")) { $1 })
            let report = try #require((try? JSONSerialization.jsonObject(with: Data(session.output.utf8))) as? Object, "\(session.output)\(session.error)")
            #expect(report["denied"] as? String == "AccessDenied")
            #expect(report["bad_signature"] as? String == "SignatureDoesNotMatch")
            let userKey = try #require(report["user_key"] as? String)
            let sessionKey = try #require(report["session_key"] as? String)
            let userARN = try #require(report["user_arn"] as? String)
            let rootARN = "arn:aws:iam::\(root.accountID):root"

            // Create user, attach policy: the root user, with their parameters.
            let creations = try await Self.lookup("EventName", "CreateUser", first)
            let created = try #require(creations.first { Self.document($0)["errorCode"] == nil })
            #expect(Self.identity(created)["arn"] as? String == rootARN)
            #expect(Self.identity(created)["type"] as? String == "Root")
            #expect(Self.parameters(created)["userName"] as? String == "auditee")
            #expect(Self.document(created)["awsRegion"] as? String == "eu-west-1")
            #expect(Self.document(created)["eventSource"] as? String == "iam.amazonaws.com")
            #expect(created["ReadOnly"] as? String == "false")
            let attached = try #require(try await Self.lookup("EventName", "AttachUserPolicy", first).first)
            #expect(Self.parameters(attached)["policyArn"] as? String == report["policy_arn"] as? String)
            #expect(Self.parameters(attached)["userName"] as? String == "auditee")

            // The denied call: the user, AccessDenied, the reason.
            let denied = try #require(creations.first { Self.document($0)["errorCode"] as? String == "AccessDenied" })
            #expect(Self.identity(denied)["arn"] as? String == userARN)
            #expect(denied["Username"] as? String == "auditee")
            #expect(Self.parameters(denied)["userName"] as? String == "not-allowed")
            #expect(((Self.document(denied)["additionalEventData"] as? Object)?["authorizationExplanation"] as? String)?.isEmpty == false)

            // The user's key: the cross-account AssumeRole and the call with a bad signature.
            let byUserKey = try await Self.lookup("AccessKeyId", userKey, first)
            let assumed = try #require(byUserKey.first { $0["EventName"] as? String == "AssumeRole" })
            #expect(Self.document(assumed)["eventSource"] as? String == "sts.amazonaws.com")
            #expect(Self.parameters(assumed)["roleArn"] as? String == report["role_arn"] as? String)
            #expect(Self.parameters(assumed)["roleSessionName"] as? String == "audit-session")
            #expect((assumed["Resources"] as? [Object])?.contains { $0["ResourceType"] as? String == "AWS::IAM::Role" } == true)
            let forged = try #require(byUserKey.first { Self.document($0)["errorCode"] as? String == "SignatureDoesNotMatch" })
            #expect(forged["EventName"] as? String == "GetUser")
            #expect(Self.identity(forged)["accountId"] as? String == root.accountID)

            // The role's account sees the AssumeRole into it, and the session's calls with their issuer.
            let intoSecond = try await Self.lookup("EventName", "AssumeRole", secondEnvironment)
            #expect(intoSecond.contains { $0["EventId"] as? String == assumed["EventId"] as? String })
            let sessionCalls = try await Self.lookup("AccessKeyId", sessionKey, secondEnvironment)
            let listed = try #require(sessionCalls.first { $0["EventName"] as? String == "ListRoles" })
            #expect(Self.identity(listed)["type"] as? String == "AssumedRole")
            let issuer = (Self.identity(listed)["sessionContext"] as? Object)?["sessionIssuer"] as? Object
            #expect(issuer?["arn"] as? String == report["role_arn"] as? String)
            #expect(listed["Username"] as? String == "audit-session")
            // …and not the first account's own calls.
            #expect(try await Self.lookup("EventName", "CreateUser", secondEnvironment).isEmpty)

            // No secret anywhere in the events table (every column of every row, as text).
            let rows = try await client.query("SELECT t::text FROM audit_events t", logger: logger)
            var stored = ""
            for try await row in rows.decode(String.self) { stored += row }
            #expect(stored.contains("HIDDEN_DUE_TO_SECURITY_REASONS"))
            for secret in report["secrets"] as? [String] ?? [] {
                #expect(!stored.contains(secret), "a secret of the session is in the audit trail")
            }

            // Export, read back as CloudTrail's files.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-export-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let start = AWSTimestamp.iso8601(Date().addingTimeInterval(-3600))
            let exported = try await Self.warden(["export", "--start", start, "--output", directory.path], database: endpoint)
            #expect(exported.status == 0, "\(exported.output)\(exported.error)")
            let read = try await Clients.run(
                ["python3", Clients.scripts.appendingPathComponent("read_cloudtrail_export.py").path, directory.path],
                environment: ProcessInfo.processInfo.environment)
            let files = try #require((try? JSONSerialization.jsonObject(with: Data(read.output.utf8))) as? Object, "\(read.error)")["files"] as? [Object] ?? []
            #expect(!files.isEmpty && files.allSatisfy { $0["matches_layout"] as? Bool == true }, "\(files.map { $0["path"] ?? "" })")
            let records = files.flatMap { file in (file["records"] as? [Object] ?? []).map { ($0, file["account"] as? String) } }
            #expect(records.contains { $0.0["eventName"] as? String == "CreateUser" && $0.0["arn"] as? String == rootARN && $0.1 == root.accountID })
            // A cross-account call is delivered to both accounts.
            let assumeRoleFolders = Set(records.filter { $0.0["eventName"] as? String == "AssumeRole" }.compactMap(\.1))
            #expect(assumeRoleFolders == [root.accountID, second.accountID])
            #expect(records.allSatisfy { ($0.0["eventTime"] as? String)?.hasSuffix("Z") == true })
            #expect(files.contains { $0["region"] as? String == "eu-west-1" })

            // A read answered just before SIGTERM is written by the graceful shutdown.
            let lastRead = try await Clients.run(["aws", "iam", "list-account-aliases", "--output", "json"], environment: first)
            #expect(lastRead.status == 0, "\(lastRead.error)")
            server.stop()
            while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let aliases = try await client.query(
                "SELECT count(*) FROM audit_events WHERE event_name = 'ListAccountAliases' AND error_code IS NULL", logger: logger)
            for try await count in aliases.decode(Int.self) { #expect(count == 1, "the last read before shutdown was not recorded") }

            // Verify: intact, then each kind of tampering named by its event.
            let intact = try await Self.warden(["verify"], database: endpoint)
            #expect(intact.status == 0 && intact.output.contains("intact"), "\(intact.output)\(intact.error)")
            var ids: [UUID] = []
            for try await id in try await client.query(
                "SELECT event_id FROM audit_events WHERE chain = \(root.accountID) ORDER BY sequence", logger: logger
            ).decode(UUID.self) { ids.append(id) }
            try #require(ids.count >= 6)

            try await Self.tamper("UPDATE audit_events SET username = 'someone-else' WHERE event_id = '\(ids[1])'", client, logger: logger)
            let edited = try await Self.warden(["verify"], database: endpoint)
            #expect(edited.status != 0 && edited.output.contains(ids[1].uuidString.lowercased()) && edited.output.contains("edited"), "\(edited.output)")
            try await Self.tamper("UPDATE audit_events SET username = 'root' WHERE event_id = '\(ids[1])'", client, logger: logger)
            #expect(try await Self.warden(["verify"], database: endpoint).status == 0)

            try await Self.tamper(
                """
                UPDATE audit_events SET sequence = CASE WHEN event_id = '\(ids[2])' THEN (SELECT sequence FROM audit_events WHERE event_id = '\(ids[3])')
                ELSE (SELECT sequence FROM audit_events WHERE event_id = '\(ids[2])') END WHERE event_id IN ('\(ids[2])', '\(ids[3])')
                """, client, logger: logger)
            let swapped = try await Self.warden(["verify"], database: endpoint)
            #expect(swapped.status != 0 && swapped.output.contains(ids[2].uuidString.lowercased()), "\(swapped.output)")
            #expect(swapped.output.contains(ids[3].uuidString.lowercased()), "\(swapped.output)")

            try await Self.tamper("DELETE FROM audit_events WHERE event_id = '\(ids[4])'", client, logger: logger)
            let deleted = try await Self.warden(["verify"], database: endpoint)
            #expect(deleted.status != 0 && deleted.output.contains(ids[5].uuidString.lowercased()) && deleted.output.contains("deleted"), "\(deleted.output)")
        }
    }
}
