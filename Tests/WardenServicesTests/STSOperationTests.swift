import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenTestSupport

/// AssumeRole, GetSessionToken and GetAccessKeyInfo, and how the sessions they issue are authorized.
@Suite struct STSOperationTests {
    static let account = "111122223333"
    static let alice = "arn:aws:iam::\(account):user/alice"

    static func trust(_ principal: String, actions: [String] = ["sts:AssumeRole"], condition: String? = nil) -> String {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        let extra = condition.map { ",\"Condition\":\($0)" } ?? ""
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\#(principal)"},"Action":[\#(list)]\#(extra)}]}"#
    }

    static func allow(_ actions: String, condition: String? = nil) -> String {
        let extra = condition.map { ",\"Condition\":\($0)" } ?? ""
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":\#(actions),"Resource":"*"\#(extra)}]}"#
    }

    static func role(
        _ warden: WardenHarness, _ name: String, trust: String, policy: String? = nil, parameters: [String: String] = [:]
    ) async throws {
        let created = await warden.call("CreateRole", ["RoleName": name, "AssumeRolePolicyDocument": trust].merging(parameters) { $1 })
        guard created.status == 200 else { throw HarnessError.failed("CreateRole", created) }
        if let policy {
            let put = await warden.call("PutRolePolicy", ["RoleName": name, "PolicyName": "inline", "PolicyDocument": policy])
            guard put.status == 200 else { throw HarnessError.failed("PutRolePolicy", put) }
        }
    }

    static func sts(_ warden: WardenHarness, _ action: String, _ parameters: [String: String] = [:], as credentials: WardenHarness.Credentials?)
        async -> WardenHarness.Reply
    {
        await warden.call(action, parameters, as: credentials, service: "sts", version: "2011-06-15")
    }

    static func assume(
        _ warden: WardenHarness, _ role: String, as credentials: WardenHarness.Credentials?, session: String = "s1", account: String = account,
        _ parameters: [String: String] = [:]
    ) async -> WardenHarness.Reply {
        await sts(
            warden, "AssumeRole", ["RoleArn": "arn:aws:iam::\(account):role/\(role)", "RoleSessionName": session].merging(parameters) { $1 },
            as: credentials)
    }

    static func credentials(_ reply: WardenHarness.Reply) throws -> WardenHarness.Credentials {
        let id = try #require(reply.value("AccessKeyId"), "\(reply)")
        let secret = try #require(reply.value("SecretAccessKey"))
        let token: String = try #require(reply.value("SessionToken"))
        return WardenHarness.Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }

    @Test func sameAccountTrustPolicyAloneAllows() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            try await Self.role(warden, "worker", trust: Self.trust(Self.alice), parameters: ["Path": "/app/"])
            let reply = await Self.assume(warden, "app/worker", as: alice)
            #expect(reply.status == 200, "\(reply)")
            let session = try Self.credentials(reply)
            #expect(session.accessKeyID.hasPrefix("ASIA") && session.accessKeyID.count == 20)
            #expect(reply.value("AssumedRoleId")?.hasPrefix("AROA") == true)
            #expect(reply.value("AssumedRoleId")?.hasSuffix(":s1") == true)
            #expect(reply.value("Arn") == "arn:aws:sts::\(Self.account):assumed-role/worker/s1")
            #expect(reply.value("Expiration") != nil)
            let identity = await Self.sts(warden, "GetCallerIdentity", as: session)
            #expect(identity.value("Arn") == "arn:aws:sts::\(Self.account):assumed-role/worker/s1", "\(identity)")
            #expect(identity.value("UserId") == reply.value("AssumedRoleId"))
            // GetAccessKeyInfo: the temporary key encodes its account; long-term keys come from the store.
            let info = await Self.sts(warden, "GetAccessKeyInfo", ["AccessKeyId": session.accessKeyID], as: nil)
            #expect(info.value("Account") == Self.account, "\(info)")
            #expect(await Self.sts(warden, "GetAccessKeyInfo", ["AccessKeyId": alice.accessKeyID], as: nil).value("Account") == Self.account)
            // A key Warden never issued answers the account its id encodes, as AWS's do.
            let example = await Self.sts(warden, "GetAccessKeyInfo", ["AccessKeyId": "ASIAY34FZKBOKMUTVV7A"], as: nil)
            #expect(example.value("Account") == "609629065308", "\(example)")
            // RoleLastUsed: at once from this replica's memory, then from the database once the batch is written.
            let role = await warden.call("GetRole", ["RoleName": "worker"])
            #expect(role.value("LastUsedDate") != nil, "\(role)")
            #expect(role.value("Region") == "us-east-1", "\(role)")
            await warden.environment.roleUsage.flush(logger: warden.logger)
            let stored = try await warden.client.query("SELECT last_used_region FROM iam_roles WHERE name = 'worker' AND last_used_at IS NOT NULL")
                .collect().map { try $0.decode(String.self) }
            #expect(stored == ["us-east-1"])
        }
    }

    @Test func untrustedCallersAndMissingRolesAreDenied() async throws {
        try await WardenHarness.with { warden in
            let bob = try await warden.user("bob")
            try await Self.role(warden, "worker", trust: Self.trust(Self.alice))
            try await Self.role(warden, "shared", trust: Self.trust("arn:aws:iam::\(Self.account):root"))
            let denied = await Self.assume(warden, "worker", as: bob)
            #expect(denied.status == 403)
            #expect(denied.errorCode == "AccessDenied")
            #expect(denied.errorMessage?.contains("User: arn:aws:iam::\(Self.account):user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\(Self.account):role/worker") == true, "\(denied)")
            let missing = await Self.assume(warden, "nobody", as: bob)
            #expect(missing.errorCode == "AccessDenied", "\(missing)")
            // The same words whether the role is missing or does not trust the caller: roles cannot be probed.
            #expect(denied.errorMessage == "User: arn:aws:iam::\(Self.account):user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\(Self.account):role/worker")
            #expect(missing.errorMessage == "User: arn:aws:iam::\(Self.account):user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\(Self.account):role/nobody")
            // A trust policy naming the account delegates to the caller's identity policies.
            #expect(await Self.assume(warden, "shared", as: bob).errorCode == "AccessDenied")
            let carol = try await warden.user("carol", policy: Self.allow(#""sts:AssumeRole""#))
            #expect(await Self.assume(warden, "shared", as: carol).status == 200)
            // The root user cannot assume roles.
            #expect(await Self.assume(warden, "shared", as: nil).errorCode == "AccessDenied")
            // An identity policy alone never assumes a role whose trust policy names someone else.
            #expect(await Self.assume(warden, "worker", as: carol).errorCode == "AccessDenied")
        }
    }

    /// The trust policy must allow even for callers whose own policies allow everything: its conditions
    /// (ExternalId, MFA) cannot be skipped by an identity policy.
    @Test func anIdentityPolicyNeverReplacesTheTrustPolicy() async throws {
        try await WardenHarness.with { warden in
            let admin = try await warden.user("admin", policy: Self.allow(#""sts:*""#))
            try await Self.role(warden, "worker", trust: Self.trust(Self.alice))
            try await Self.role(warden, "vendor", trust: Self.trust("arn:aws:iam::\(Self.account):user/admin", condition: #"{"StringEquals":{"sts:ExternalId":"Unique-1234"}}"#))
            #expect(await Self.assume(warden, "worker", as: admin).errorCode == "AccessDenied")
            #expect(await Self.assume(warden, "vendor", as: admin).errorCode == "AccessDenied")
            #expect(await Self.assume(warden, "vendor", as: admin, ["ExternalId": "Unique-1234"]).status == 200)
        }
    }

    @Test func externalIDRequiredByTheTrustPolicy() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            try await Self.role(warden, "vendor", trust: Self.trust(Self.alice, condition: #"{"StringEquals":{"sts:ExternalId":"Unique-1234"}}"#))
            #expect(await Self.assume(warden, "vendor", as: alice).errorCode == "AccessDenied")
            #expect(await Self.assume(warden, "vendor", as: alice, ["ExternalId": "Wrong-1234"]).errorCode == "AccessDenied")
            #expect(await Self.assume(warden, "vendor", as: alice, ["ExternalId": "Unique-1234"]).status == 200)
        }
    }

    @Test func sessionsActWithTheRolesPoliciesNarrowedBySessionPolicies() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            try await Self.role(warden, "reader", trust: Self.trust(Self.alice), policy: Self.allow(#"["iam:ListUsers","iam:ListRoles"]"#))
            let session = try Self.credentials(await Self.assume(warden, "reader", as: alice))
            #expect(await warden.call("ListUsers", as: session).status == 200)
            let denied = await warden.call("CreateUser", ["UserName": "x"], as: session)
            #expect(denied.errorCode == "AccessDenied")
            #expect(denied.errorMessage?.hasPrefix("User: arn:aws:sts::\(Self.account):assumed-role/reader/s1 is not authorized") == true, "\(denied)")

            let narrowed = await Self.assume(warden, "reader", as: alice, ["Policy": Self.allow(#""iam:ListRoles""#)])
            #expect(narrowed.status == 200, "\(narrowed)")
            #expect(Int(narrowed.value("PackedPolicySize") ?? "") != nil)
            let narrow = try Self.credentials(narrowed)
            #expect(await warden.call("ListRoles", as: narrow).status == 200)
            let outside = await warden.call("ListUsers", as: narrow)
            #expect(outside.errorCode == "AccessDenied")
            #expect(outside.errorMessage?.contains("session policy") == true, "\(outside)")

            // A managed session policy narrows the same way.
            let created = await warden.call("CreatePolicy", ["PolicyName": "roles-only", "PolicyDocument": Self.allow(#""iam:ListRoles""#)])
            let policyARN = try #require(created.value("Arn"), "\(created)")
            let managed = try Self.credentials(await Self.assume(warden, "reader", as: alice, ["PolicyArns.member.1.arn": policyARN]))
            #expect(await warden.call("ListRoles", as: managed).status == 200)
            #expect(await warden.call("ListUsers", as: managed).errorCode == "AccessDenied")

            let padded = Self.allow(#"["iam:ListRoles"\#(String(repeating: #","iam:ListRoles""#, count: 150))]"#)
            let tooLong = await Self.assume(warden, "reader", as: alice, ["Policy": padded])
            #expect(tooLong.errorCode == "ValidationError", "\(tooLong)")
            let malformed = await Self.assume(warden, "reader", as: alice, ["Policy": "{nope"])
            #expect(malformed.errorCode == "MalformedPolicyDocument", "\(malformed)")
            let tooMany = await Self.assume(warden, "reader", as: alice, ["DurationSeconds": "7200"])
            #expect(tooMany.errorCode == "ValidationError")
            #expect(tooMany.errorMessage == "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
    }

    @Test func sessionTagsNeedTagSessionAndBecomePrincipalTags() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            let byTeam = Self.allow(#""iam:ListUsers""#, condition: #"{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#)
            try await Self.role(warden, "plain", trust: Self.trust(Self.alice), policy: byTeam)
            try await Self.role(warden, "tagged", trust: Self.trust(Self.alice, actions: ["sts:AssumeRole", "sts:TagSession"]), policy: byTeam)
            let tags = ["Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"]
            let refused = await Self.assume(warden, "plain", as: alice, tags)
            #expect(refused.errorCode == "AccessDenied")
            #expect(refused.errorMessage?.contains("sts:TagSession") == true, "\(refused)")
            let session = try Self.credentials(await Self.assume(warden, "tagged", as: alice, tags))
            #expect(await warden.call("ListUsers", as: session).status == 200)
            let untagged = try Self.credentials(await Self.assume(warden, "tagged", as: alice))
            #expect(await warden.call("ListUsers", as: untagged).errorCode == "AccessDenied")
        }
    }

    @Test func roleChainingCapsAnHourAndKeepsTransitiveTags() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            let first = "arn:aws:iam::\(Self.account):role/first"
            try await Self.role(
                warden, "first", trust: Self.trust(Self.alice, actions: ["sts:AssumeRole", "sts:TagSession"]),
                policy: Self.allow(#""sts:AssumeRole""#), parameters: ["MaxSessionDuration": "7200"])
            try await Self.role(
                warden, "second", trust: Self.trust(first, actions: ["sts:AssumeRole", "sts:TagSession"]),
                policy: Self.allow(#""iam:ListUsers""#, condition: #"{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#),
                parameters: ["MaxSessionDuration": "7200"])
            let tags = ["Tags.member.1.Key": "team", "Tags.member.1.Value": "blue", "TransitiveTagKeys.member.1": "team", "DurationSeconds": "7200"]
            let firstSession = try Self.credentials(await Self.assume(warden, "first", as: alice, tags))
            let long = await Self.assume(warden, "second", as: firstSession, ["DurationSeconds": "7200"])
            #expect(long.errorCode == "ValidationError")
            #expect(long.errorMessage == "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
            let chained = await Self.assume(warden, "second", as: firstSession, session: "s2")
            #expect(chained.status == 200, "\(chained)")
            let second = try Self.credentials(chained)
            #expect(await Self.sts(warden, "GetCallerIdentity", as: second).value("Arn") == "arn:aws:sts::\(Self.account):assumed-role/second/s2")
            #expect(await warden.call("ListUsers", as: second).status == 200)
        }
    }

    @Test func sourceIdentityNeedsPermissionAndSticksThroughChaining() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            let first = "arn:aws:iam::\(Self.account):role/first"
            try await Self.role(warden, "plain", trust: Self.trust(Self.alice))
            try await Self.role(
                warden, "first", trust: Self.trust(Self.alice, actions: ["sts:AssumeRole", "sts:SetSourceIdentity"]),
                policy: Self.allow(#""sts:AssumeRole""#))
            try await Self.role(
                warden, "second", trust: Self.trust(first, actions: ["sts:AssumeRole", "sts:SetSourceIdentity"]),
                policy: Self.allow(#""iam:ListUsers""#, condition: #"{"StringEquals":{"aws:SourceIdentity":"alice-id"}}"#))
            let refused = await Self.assume(warden, "plain", as: alice, ["SourceIdentity": "alice-id"])
            #expect(refused.errorCode == "AccessDenied")
            #expect(refused.errorMessage?.contains("sts:SetSourceIdentity") == true, "\(refused)")
            let firstReply = await Self.assume(warden, "first", as: alice, ["SourceIdentity": "alice-id"])
            #expect(firstReply.value("SourceIdentity") == "alice-id", "\(firstReply)")
            let firstSession = try Self.credentials(firstReply)
            #expect(await Self.assume(warden, "second", as: firstSession, ["SourceIdentity": "mallory"]).errorCode == "AccessDenied")
            let chained = await Self.assume(warden, "second", as: firstSession)
            #expect(chained.value("SourceIdentity") == "alice-id", "\(chained)")
            #expect(await warden.call("ListUsers", as: try Self.credentials(chained)).status == 200)
        }
    }

    @Test func sessionsOfADeletedRoleStopWorking() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            try await Self.role(warden, "temp", trust: Self.trust(Self.alice), policy: Self.allow(#""iam:ListUsers""#))
            let session = try Self.credentials(await Self.assume(warden, "temp", as: alice))
            #expect(await warden.call("ListUsers", as: session).status == 200)
            #expect(await warden.call("DeleteRolePolicy", ["RoleName": "temp", "PolicyName": "inline"]).status == 200)
            #expect(await warden.call("DeleteRole", ["RoleName": "temp"]).status == 200)
            let after = await warden.call("ListUsers", as: session)
            #expect(after.errorCode == "InvalidClientTokenId", "\(after)")
        }
    }

    @Test func revocationThroughTokenIssueTime() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice")
            try await Self.role(warden, "ops", trust: Self.trust(Self.alice), policy: Self.allow(#""iam:ListUsers""#))
            let old = try Self.credentials(await Self.assume(warden, "ops", as: alice))
            try await Task.sleep(for: .milliseconds(1100))
            let cutoff = AWSTimestamp.iso8601(Date())
            try await Task.sleep(for: .milliseconds(1100))
            let revoke = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"\#(cutoff)"}}}]}"#
            #expect(await warden.call("PutRolePolicy", ["RoleName": "ops", "PolicyName": "revoke", "PolicyDocument": revoke]).status == 200)
            let refused = await warden.call("ListUsers", as: old)
            #expect(refused.errorCode == "AccessDenied")
            #expect(refused.errorMessage?.contains("explicit deny") == true, "\(refused)")
            let fresh = try Self.credentials(await Self.assume(warden, "ops", as: alice, session: "s2"))
            #expect(await warden.call("ListUsers", as: fresh).status == 200)
        }
    }

    @Test func getSessionTokenWithMFASetsMultiFactorAuthPresent() async throws {
        let clock = MFATestClock()
        try await WardenHarness.with(clock: { clock.now }) { warden in
            let alice = try await warden.user(
                "alice", policy: Self.allow(#""iam:ListUsers""#, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#))
            let (serial, totp) = try await MFAOperationTests.device(warden, "alice-phone")
            let step = totp.counter(at: clock.now)
            let enabled = await warden.call("EnableMFADevice", [
                "UserName": "alice", "SerialNumber": serial,
                "AuthenticationCode1": totp.code(counter: step - 1), "AuthenticationCode2": totp.code(counter: step),
            ])
            #expect(enabled.status == 200, "\(enabled)")
            #expect(await warden.call("ListUsers", as: alice).errorCode == "AccessDenied")

            let plain = try Self.credentials(await Self.sts(warden, "GetSessionToken", as: alice))
            // Without MFA, a GetSessionToken session cannot call IAM at all (AWS's answer).
            #expect(await warden.call("ListUsers", as: plain).errorCode == "InvalidClientTokenId")
            #expect(await Self.sts(warden, "GetCallerIdentity", as: plain).value("Arn") == Self.alice)

            let wrong = await Self.sts(warden, "GetSessionToken", ["SerialNumber": serial, "TokenCode": "000000"], as: alice)
            #expect(wrong.errorCode == "AccessDenied", "\(wrong)")
            let reply = await Self.sts(
                warden, "GetSessionToken", ["SerialNumber": serial, "TokenCode": totp.code(counter: step + 1), "DurationSeconds": "900"], as: alice)
            #expect(reply.status == 200, "\(reply)")
            let session = try Self.credentials(reply)
            #expect(await warden.call("ListUsers", as: session).status == 200)
            // The same code is never accepted twice.
            let replay = await Self.sts(warden, "GetSessionToken", ["SerialNumber": serial, "TokenCode": totp.code(counter: step + 1)], as: alice)
            #expect(replay.errorCode == "AccessDenied")
            #expect(await Self.sts(warden, "GetSessionToken", as: session).errorCode == "AccessDenied")
        }
    }

    @Test func crossAccountNeedsBothAccounts() async throws {
        try await WardenHarness.with { warden in
            let other = "444455556666"
            try await warden.client.query(
                "INSERT INTO accounts (account_id, name, email) VALUES (\(other), 'other', 'other@example.com')", logger: warden.logger)
            let trusting = Self.trust("arn:aws:iam::\(Self.account):root")
            let elsewhere = Self.trust("arn:aws:iam::999988887777:root")
            for (id, name, trust) in [("AROAAAAAAAAAAAAAAAAA2", "partner", trusting), ("AROAAAAAAAAAAAAAAAAA3", "closed", elsewhere)] {
                try await warden.client.query(
                    """
                    INSERT INTO iam_roles (role_id, account_id, name, path, assume_role_policy)
                    VALUES (\(id), \(other), \(name), '/', \(trust))
                    """, logger: warden.logger)
            }
            let bob = try await warden.user("bob")
            #expect(await Self.assume(warden, "partner", as: bob, account: other).errorCode == "AccessDenied")
            let alice = try await warden.user("alice", policy: Self.allow(#""sts:AssumeRole""#))
            let reply = await Self.assume(warden, "partner", as: alice, account: other)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.value("Arn") == "arn:aws:sts::\(other):assumed-role/partner/s1")
            let session = try Self.credentials(reply)
            #expect(await Self.sts(warden, "GetCallerIdentity", as: session).value("Account") == other)
            #expect(await Self.sts(warden, "GetAccessKeyInfo", ["AccessKeyId": session.accessKeyID], as: nil).value("Account") == other)
            #expect(await Self.assume(warden, "closed", as: alice, account: other).errorCode == "AccessDenied")
        }
    }

    @Test func assumeRoleWithMFAAndSuspendedAccounts() async throws {
        let clock = MFATestClock()
        try await WardenHarness.with(clock: { clock.now }) { warden in
            let alice = try await warden.user("alice")
            try await Self.role(
                warden, "guarded", trust: Self.trust(Self.alice, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#),
                policy: Self.allow(#""iam:ListUsers""#, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#))
            let (serial, totp) = try await MFAOperationTests.device(warden, "alice-phone")
            let step = totp.counter(at: clock.now)
            let enabled = await warden.call("EnableMFADevice", [
                "UserName": "alice", "SerialNumber": serial,
                "AuthenticationCode1": totp.code(counter: step - 1), "AuthenticationCode2": totp.code(counter: step),
            ])
            #expect(enabled.status == 200, "\(enabled)")
            #expect(await Self.assume(warden, "guarded", as: alice).errorCode == "AccessDenied")
            let halfway = await Self.assume(warden, "guarded", as: alice, ["SerialNumber": serial])
            #expect(halfway.errorMessage == "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")
            let reply = await Self.assume(warden, "guarded", as: alice, ["SerialNumber": serial, "TokenCode": totp.code(counter: step + 1)])
            #expect(reply.status == 200, "\(reply)")
            let session = try Self.credentials(reply)
            #expect(await warden.call("ListUsers", as: session).status == 200)
            // A suspended account's sessions stop working.
            try await warden.client.query("UPDATE accounts SET status = 'SUSPENDED' WHERE account_id = \(Self.account)", logger: warden.logger)
            #expect(await warden.call("ListUsers", as: session).errorCode == "InvalidClientTokenId")
        }
    }
}
