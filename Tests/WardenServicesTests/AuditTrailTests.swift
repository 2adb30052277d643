import Foundation
import PostgresNIO
import Synchronization
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// The audit trail: one event per call whatever its outcome, secrets hidden, chained per account so that
/// an edit, a deletion or a swap made in PostgreSQL is named, and searchable with `LookupEvents`.
@Suite struct AuditTrailTests {
    static let allowGetUser = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}"#

    static func lookup(_ warden: WardenHarness, _ body: [String: any Sendable] = [:], as credentials: WardenHarness.Credentials? = nil) async
        -> WardenHarness.JSONReply
    {
        await warden.json(
            "LookupEvents", body, as: credentials, service: "cloudtrail", targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101")
    }

    static func events(_ reply: WardenHarness.JSONReply) -> [[String: any Sendable]] { reply.list("Events") }

    static func document(_ event: [String: any Sendable]) -> [String: Any] {
        let text = event["CloudTrailEvent"] as? String ?? "{}"
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    static func verify(_ warden: WardenHarness) async throws -> AuditTrailVerifier.Report {
        await warden.environment.audit.flush(logger: warden.logger)
        return try await warden.client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: warden.logger)
            defer { Task { _ = try? await connection.query("ROLLBACK", logger: warden.logger) } }
            return try await AuditTrailVerifier.verify(StoreTransaction(connection: connection, logger: warden.logger))
        }
    }

    /// Runs `sql` with the append-only trigger off: the tampering an attacker owning the database could do.
    static func tamper(_ warden: WardenHarness, _ sql: String) async throws {
        do {
            try await warden.client.withConnection { connection in
                try await connection.query("BEGIN", logger: warden.logger)
                try await connection.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only", logger: warden.logger)
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: warden.logger)
                try await connection.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only", logger: warden.logger)
                try await connection.query("COMMIT", logger: warden.logger)
            }
        } catch {
            Issue.record("\(sql): \(String(reflecting: error))")
            throw error
        }
    }

    @Test func everyCallIsRecordedWithItsCallerParametersAndOutcome() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice", policy: Self.allowGetUser)
            #expect(await warden.call("GetUser", ["UserName": "alice"], as: alice).status == 200)
            let denied = await warden.call("CreateUser", ["UserName": "mallory"], as: alice)
            #expect(denied.status == 403)
            let forged = WardenHarness.Credentials(accessKeyID: alice.accessKeyID, secretAccessKey: "not-the-secret-at-all-0000000000000000000")
            #expect(await warden.call("GetUser", ["UserName": "alice"], as: forged).status == 403)
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 409)

            let created = await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": "CreateUser"]]])
            #expect(created.status == 200, "\(created)")
            let createEvents = Self.events(created)
            // alice's creation (root, succeeded), mallory's (alice, denied), the duplicate (root, EntityAlreadyExists).
            #expect(createEvents.count == 3)
            let deniedEvent = try #require(createEvents.first { Self.document($0)["errorCode"] as? String == "AccessDenied" })
            let deniedDocument = Self.document(deniedEvent)
            #expect(deniedEvent["Username"] as? String == "alice")
            #expect(deniedEvent["ReadOnly"] as? String == "false")
            #expect((deniedDocument["userIdentity"] as? [String: Any])?["arn"] as? String == "arn:aws:iam::111122223333:user/alice")
            #expect((deniedDocument["userIdentity"] as? [String: Any])?["type"] as? String == "IAMUser")
            #expect((deniedDocument["requestParameters"] as? [String: Any])?["userName"] as? String == "mallory")
            #expect(deniedDocument["responseElements"] is NSNull)
            let explanation = (deniedDocument["additionalEventData"] as? [String: Any])?["authorizationExplanation"] as? String
            #expect(explanation?.contains("implicitly denied") == true, "\(deniedDocument)")
            #expect((deniedDocument["errorMessage"] as? String)?.contains("Encoded authorization failure message") == false)

            let succeeded = try #require(createEvents.first { Self.document($0)["errorCode"] == nil })
            let succeededDocument = Self.document(succeeded)
            #expect(succeeded["Username"] as? String == "root")
            #expect(((succeededDocument["responseElements"] as? [String: Any])?["user"] as? [String: Any])?["userName"] as? String == "alice")
            #expect((succeeded["Resources"] as? [[String: any Sendable]])?.first?["ResourceName"] as? String == "alice")
            #expect(createEvents.contains { Self.document($0)["errorCode"] as? String == "EntityAlreadyExists" })

            // The forged signature names alice's key: recorded for her account, refused.
            let byKey = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "AccessKeyId", "AttributeValue": alice.accessKeyID]]]))
            let refused = byKey.compactMap { Self.document($0) }.filter { $0["errorCode"] as? String == "SignatureDoesNotMatch" }
            #expect(refused.count == 1)
            #expect(refused.first?["eventName"] as? String == "GetUser")
            #expect(byKey.contains { Self.document($0)["eventName"] as? String == "GetUser" && Self.document($0)["errorCode"] == nil })

            // Filters by resource, read-only and event id.
            let aboutAlice = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "ResourceName", "AttributeValue": "alice"]]]))
            #expect(aboutAlice.contains { $0["EventName"] as? String == "CreateAccessKey" })
            let reads = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "ReadOnly", "AttributeValue": "true"]]]))
            #expect(!reads.isEmpty && reads.allSatisfy { $0["ReadOnly"] as? String == "true" })
            let id = try #require(succeeded["EventId"] as? String)
            let byID = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "EventId", "AttributeValue": id]]]))
            #expect(byID.count == 1 && byID.first?["EventId"] as? String == id)

            let report = try await Self.verify(warden)
            #expect(report.breaks.isEmpty, "\(report.breaks)")
            #expect(report.events >= 8)
        }
    }

    @Test func noSecretIsStored() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice", policy: Self.allowGetUser)
            let password = "Correct-Horse-Battery-9"
            #expect(await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": password]).status == 200)
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#
            #expect(await warden.call("CreateRole", ["RoleName": "auditor", "AssumeRolePolicyDocument": trust]).status == 200)
            let assumer = try await warden.user(
                "assumer", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#)
            let assumed = await warden.call(
                "AssumeRole", ["RoleArn": "arn:aws:iam::111122223333:role/auditor", "RoleSessionName": "s1"], as: assumer, service: "sts",
                version: "2011-06-15")
            #expect(assumed.status == 200)
            let sessionSecret = try #require(assumed.value("SecretAccessKey"))
            let sessionToken = try #require(assumed.value("SessionToken"))
            let session = WardenHarness.Credentials(
                accessKeyID: try #require(assumed.value("AccessKeyId")), secretAccessKey: sessionSecret, sessionToken: sessionToken)
            #expect(await warden.call("GetCallerIdentity", [:], as: session, service: "sts", version: "2011-06-15").status == 200)
            let device = await warden.call("CreateVirtualMFADevice", ["VirtualMFADeviceName": "alice-mfa"])
            let seed = try #require(device.value("Base32StringSeed"))
            await warden.environment.audit.flush(logger: warden.logger)

            let stored = try await warden.client.query("SELECT document, coalesce(username, ''), coalesce(access_key_id, '') FROM audit_events", logger: warden.logger)
            var bytes = ""
            for try await (document, username, key) in stored.decode((String, String, String).self) { bytes += document + username + key }
            #expect(bytes.contains("AssumeRole") && bytes.contains("CreateLoginProfile") && bytes.contains("HIDDEN_DUE_TO_SECURITY_REASONS"))
            for secret in [alice.secretAccessKey, assumer.secretAccessKey, password, sessionSecret, sessionToken, seed, warden.root.secretAccessKey] {
                #expect(!bytes.contains(secret), "a secret is in the trail")
            }
            // The session's calls carry its issuer.
            let sessionEvents = Self.events(
                await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "AccessKeyId", "AttributeValue": session.accessKeyID]]]))
            let identity = Self.document(try #require(sessionEvents.first))["userIdentity"] as? [String: Any]
            #expect(identity?["type"] as? String == "AssumedRole")
            let issuer = (identity?["sessionContext"] as? [String: Any])?["sessionIssuer"] as? [String: Any]
            #expect(issuer?["arn"] as? String == "arn:aws:iam::111122223333:role/auditor")
        }
    }

    @Test func verifyNamesAnEditADeletionAndASwap() async throws {
        try await WardenHarness.with { warden in
            for name in ["u1", "u2", "u3", "u4", "u5"] { #expect(await warden.call("CreateUser", ["UserName": name]).status == 200) }
            #expect(try await Self.verify(warden).breaks.isEmpty)
            let rows = try await warden.client.query(
                "SELECT event_id, sequence FROM audit_events WHERE chain = '111122223333' ORDER BY sequence", logger: warden.logger)
            var ids: [(UUID, Int64)] = []
            for try await row in rows.decode((UUID, Int64).self) { ids.append(row) }
            #expect(ids.count >= 5)

            // An edit.
            try await Self.tamper(warden, "UPDATE audit_events SET document = replace(document, 'u2', 'zz') WHERE event_id = '\(ids[1].0)'")
            var report = try await Self.verify(warden)
            #expect(report.breaks.map(\.eventID) == [ids[1].0])
            #expect(report.breaks.first?.kind == .edited)
            #expect(report.breaks.first?.description.contains(ids[1].0.uuidString.lowercased()) == true)
            try await Self.tamper(warden, "UPDATE audit_events SET document = replace(document, 'zz', 'u2') WHERE event_id = '\(ids[1].0)'")
            #expect(try await Self.verify(warden).breaks.isEmpty)

            // What lookups search, changed so an event hides from them.
            try await Self.tamper(warden, "UPDATE audit_events SET lookup_keys = '{}' WHERE event_id = '\(ids[0].0)'")
            report = try await Self.verify(warden)
            #expect(report.breaks.map(\.eventID) == [ids[0].0] && report.breaks.first?.kind == .edited, "\(report.breaks)")

            // A swap of two events' places.
            try await Self.tamper(
                warden,
                "UPDATE audit_events SET sequence = CASE sequence WHEN \(ids[2].1) THEN \(ids[3].1) ELSE \(ids[2].1) END WHERE sequence IN (\(ids[2].1), \(ids[3].1)) AND chain = '111122223333'"
            )
            report = try await Self.verify(warden)
            #expect(Set(report.breaks.compactMap(\.eventID)).isSuperset(of: [ids[2].0, ids[3].0]), "\(report.breaks)")

            // A deletion.
            try await Self.tamper(warden, "DELETE FROM audit_events WHERE chain = '111122223333' AND sequence = \(ids[2].1)")
            report = try await Self.verify(warden)
            #expect(report.breaks.contains { $0.kind == .broken(expectedSequence: ids[2].1) || $0.description.contains("deleted") }, "\(report.breaks)")
        }
    }

    @Test func eventsAreAppendOnlyAndRetentionDropsWholeDays() async throws {
        let now = Date()
        let clock = Mutex(now.addingTimeInterval(-3 * 86_400))
        try await WardenHarness.with(clock: { clock.withLock { $0 } }) { warden in
            try await warden.client.withConnection { connection in
                let transaction = StoreTransaction(connection: connection, logger: warden.logger)
                try await AuditPartitions.ensure(from: now.addingTimeInterval(-4 * 86_400), days: 6, transaction)
            }
            // Three days ago: the users and their events, in that day's partition.
            for name in ["old1", "old2"] { #expect(await warden.call("CreateUser", ["UserName": name]).status == 200) }
            await warden.environment.audit.flush(logger: warden.logger)
            await #expect(throws: (any Error).self) {
                try await warden.client.query("UPDATE audit_events SET event_name = 'x'", logger: warden.logger)
            }
            await #expect(throws: (any Error).self) { try await warden.client.query("DELETE FROM audit_events", logger: warden.logger) }
            await #expect(throws: (any Error).self) { try await warden.client.query("TRUNCATE audit_events", logger: warden.logger) }

            clock.withLock { $0 = now }
            let dropped = try await warden.client.withConnection { connection in
                try await AuditPartitions.drop(
                    endingBefore: now.addingTimeInterval(-86_400), StoreTransaction(connection: connection, logger: warden.logger))
            }
            #expect(dropped.contains(AuditPartitions.name(of: now.addingTimeInterval(-3 * 86_400))))
            #expect(!dropped.contains(AuditPartitions.name(of: now)))
            #expect(await warden.call("CreateUser", ["UserName": "new1"]).status == 200)
            await warden.environment.audit.flush(logger: warden.logger)
            let remaining = try await warden.client.query("SELECT count(*) FROM audit_events WHERE event_name = 'CreateUser'", logger: warden.logger)
            for try await count in remaining.decode(Int.self) { #expect(count == 1) }
            let report = try await Self.verify(warden)
            #expect(report.breaks.isEmpty, "\(report.breaks)")
            #expect(report.events >= 1)
        }
    }

    @Test func whateverAClientSendsIsRecordedAndNothingHoldsTheTrailBack() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("Get\u{0}User", ["UserName": "x"]).status == 400)
            #expect(await warden.call("GetUser", ["UserName": "\u{0}"]).status == 400)
            #expect(await warden.call("CreateUser", ["UserName": "after-nul"]).status == 200)
            let found = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": "Get\u{FFFD}User"]]]))
            #expect(found.count == 1)
            #expect(Self.document(try #require(found.first))["errorCode"] as? String == "InvalidAction")
            let reads = Self.events(await Self.lookup(warden, ["LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": "GetUser"]]]))
            #expect(reads.count == 1)
            #expect(await warden.environment.audit.flush(logger: warden.logger) == ())
            let report = try await Self.verify(warden)
            #expect(report.breaks.isEmpty)
        }
    }

    @Test func lookupValidatesItsInputAndPages() async throws {
        try await WardenHarness.with { warden in
            for name in ["p1", "p2", "p3"] { #expect(await warden.call("CreateUser", ["UserName": name]).status == 200) }
            let two = [["AttributeKey": "EventName", "AttributeValue": "CreateUser"], ["AttributeKey": "Username", "AttributeValue": "root"]]
            #expect(await Self.lookup(warden, ["LookupAttributes": two]).errorCode == "InvalidLookupAttributesException")
            #expect(await Self.lookup(warden, ["StartTime": 2_000_000_000, "EndTime": 1_000_000_000]).errorCode == "InvalidTimeRangeException")
            #expect(await Self.lookup(warden, ["NextToken": "garbage"]).errorCode == "InvalidNextTokenException")
            #expect(await Self.lookup(warden, ["MaxResults": 0]).status == 400)

            let filter = [["AttributeKey": "EventName", "AttributeValue": "CreateUser"]]
            let first = await Self.lookup(warden, ["LookupAttributes": filter, "MaxResults": 2])
            #expect(Self.events(first).count == 2)
            let token = try #require(first.string("NextToken"))
            let second = await Self.lookup(warden, ["LookupAttributes": filter, "MaxResults": 2, "NextToken": token])
            #expect(Self.events(second).count == 1)
            #expect(second.string("NextToken") == nil)
            let names = (Self.events(first) + Self.events(second)).compactMap { ($0["Resources"] as? [[String: any Sendable]])?.first?["ResourceName"] as? String }
            #expect(names == ["p3", "p2", "p1"])
            // A token is bound to its lookup.
            #expect(await Self.lookup(warden, ["MaxResults": 2, "NextToken": token]).errorCode == "InvalidNextTokenException")

            // A user needs cloudtrail:LookupEvents.
            let bob = try await warden.user("bob")
            #expect(await Self.lookup(warden, as: bob).errorCode == "AccessDeniedException")
        }
    }
}

/// Who sees which events: an account its own (and the cross-account calls into it); the organization's
/// management account every member's.
@Suite struct AuditVisibilityTests {
    @Test func theManagementAccountSeesItsMembersEventsAndAMemberOnlyItsOwn() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.json("CreateOrganization", ["FeatureSet": "ALL"]).status == 200)
            let request = await warden.json("CreateAccount", ["AccountName": "member", "Email": "member@example.com"])
            let requestID = try #require(request.string("CreateAccountStatus.Id"))
            var member: String?
            for _ in 0..<100 where member == nil {
                let status = await warden.json("DescribeCreateAccountStatus", ["CreateAccountRequestId": requestID])
                member = status.string("CreateAccountStatus.AccountId")
                if member == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let memberID = try #require(member)
            let admin = try await warden.user(
                "admin", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#)
            let assumed = await warden.call(
                "AssumeRole", ["RoleArn": "arn:aws:iam::\(memberID):role/OrganizationAccountAccessRole", "RoleSessionName": "ops"], as: admin,
                service: "sts", version: "2011-06-15")
            let session = WardenHarness.Credentials(
                accessKeyID: try #require(assumed.value("AccessKeyId")), secretAccessKey: try #require(assumed.value("SecretAccessKey")),
                sessionToken: assumed.value("SessionToken"))
            #expect(await warden.call("ListUsers", [:], as: session).status == 200)

            let byEventName = { (name: String, credentials: WardenHarness.Credentials?) in
                await AuditTrailTests.lookup(warden, ["LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": name]]], as: credentials)
            }
            // The management account sees the member's call.
            let managementView = AuditTrailTests.events(await byEventName("ListUsers", nil))
            #expect(managementView.contains { AuditTrailTests.document($0)["recipientAccountId"] as? String == memberID })
            // The member sees its own call and the AssumeRole into it, not the management account's own calls.
            let memberListUsers = await byEventName("ListUsers", session)
            #expect(memberListUsers.status == 200, "\(memberListUsers)")
            #expect(AuditTrailTests.events(memberListUsers).count == 1)
            #expect(AuditTrailTests.events(await byEventName("AssumeRole", session)).count == 1)
            #expect(AuditTrailTests.events(await byEventName("CreateUser", session)).isEmpty)
            #expect(AuditTrailTests.events(await byEventName("CreateOrganization", session)).isEmpty)
            // A member that is made CloudTrail's delegated administrator sees the whole organization.
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": "cloudtrail.amazonaws.com"]).status == 200)
            let registered = await warden.json(
                "RegisterDelegatedAdministrator", ["AccountId": memberID, "ServicePrincipal": "cloudtrail.amazonaws.com"])
            #expect(registered.status == 200, "\(registered)")
            #expect(!AuditTrailTests.events(await byEventName("CreateUser", session)).isEmpty)
        }
    }
}
