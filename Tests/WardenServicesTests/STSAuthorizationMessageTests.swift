import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenTestSupport

/// The encoded authorization failure message every policy denial carries, and DecodeAuthorizationMessage.
@Suite struct STSAuthorizationMessageTests {
    static let account = "111122223333"
    typealias T = STSOperationTests
    static let marker = " Encoded authorization failure message: "

    /// The encoded message at the end of a denial's message.
    static func encoded(_ message: String?) throws -> String {
        let message = try #require(message)
        let range = try #require(message.range(of: marker), "\(message)")
        return String(message[range.upperBound...])
    }

    static func decode(_ warden: WardenHarness, _ encoded: String, as credentials: WardenHarness.Credentials? = nil) async throws
        -> [String: Any]
    {
        let reply = await T.sts(warden, "DecodeAuthorizationMessage", ["EncodedMessage": encoded], as: credentials)
        #expect(reply.status == 200, "\(reply)")
        let text = try #require(reply.value("DecodedMessage"))
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func items(_ object: Any?) -> [[String: Any]] { ((object as? [String: Any])?["items"] as? [[String: Any]]) ?? [] }

    @Test func anImplicitDenyExplainsTheRequest() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let denied = await warden.call("CreateUser", ["UserName": "x"], as: alice)
            #expect(denied.errorCode == "AccessDenied")
            #expect(
                denied.errorMessage?.hasPrefix(
                    "User: arn:aws:iam::\(Self.account):user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::\(Self.account):user/x because no identity-based policy allows the iam:CreateUser action"
                        + Self.marker) == true, "\(denied)")
            let message = try await Self.decode(warden, try Self.encoded(denied.errorMessage))
            #expect(message["allowed"] as? Bool == false)
            #expect(message["explicitDeny"] as? Bool == false)
            #expect(Self.items(message["matchedStatements"]).isEmpty)
            #expect(Self.items(message["failures"]).isEmpty)
            let context = try #require(message["context"] as? [String: Any])
            #expect(context["action"] as? String == "iam:CreateUser")
            #expect(context["resource"] as? String == "arn:aws:iam::\(Self.account):user/x")
            let principal = try #require(context["principal"] as? [String: Any])
            #expect(principal["arn"] as? String == "arn:aws:iam::\(Self.account):user/alice")
            #expect((principal["id"] as? String)?.hasPrefix("AIDA") == true)
            #expect(principal["name"] as? String == "alice")
            let conditions = Self.items(context["conditions"])
            let username = conditions.first { ($0["key"] as? String)?.lowercased() == "aws:username" }
            #expect(Self.items(username?["values"]).first?["value"] as? String == "alice", "\(conditions)")
            #expect(conditions.contains { ($0["key"] as? String)?.lowercased() == "aws:requestedregion" })
            let explanation = try #require(message["warden"] as? [String: Any])
            #expect(explanation["layer"] as? String == "identity-based policy")
        }
    }

    @Test func anExplicitDenyNamesThePolicyAndStatement() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Sid":"NoUsers","Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#
            let alice = try await warden.user("alice", policy: policy)
            let denied = await warden.call("CreateUser", ["UserName": "x"], as: alice)
            #expect(denied.errorMessage?.contains("with an explicit deny in an identity-based policy" + Self.marker) == true, "\(denied)")
            let message = try await Self.decode(warden, try Self.encoded(denied.errorMessage))
            #expect(message["explicitDeny"] as? Bool == true)
            let statement = try #require(Self.items(message["matchedStatements"]).first)
            #expect(statement["statementId"] as? String == "NoUsers")
            #expect(statement["effect"] as? String == "DENY")
            #expect(statement["statementIndex"] as? Int == 1)
            #expect(statement["layer"] as? String == "identity-based policy")
            #expect((statement["policyId"] as? String)?.contains("inline") == true, "\(statement)")
        }
    }

    @Test func aPermissionsBoundaryDenialNamesTheBoundary() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let created = await warden.call(
                "CreatePolicy", ["PolicyName": "boundary", "PolicyDocument": T.allow(#""iam:Get*""#)])
            #expect(created.status == 200)
            let alice = try await warden.user("alice", policy: T.allow(#""iam:*""#))
            let bounded = await warden.call(
                "PutUserPermissionsBoundary", ["UserName": "alice", "PermissionsBoundary": "arn:aws:iam::\(Self.account):policy/boundary"])
            #expect(bounded.status == 200, "\(bounded)")
            let denied = await warden.call("CreateUser", ["UserName": "x"], as: alice)
            let message = try await Self.decode(warden, try Self.encoded(denied.errorMessage))
            let explanation = try #require(message["warden"] as? [String: Any])
            #expect(explanation["layer"] as? String == "permissions boundary", "\(message)")
        }
    }

    @Test func decodingNeedsPermissionAndAGenuineMessage() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let denied = await warden.call("CreateUser", ["UserName": "x"], as: alice)
            let encoded = try Self.encoded(denied.errorMessage)

            // Decoding is itself authorized (sts:DecodeAuthorizationMessage on "*").
            let refused = await T.sts(warden, "DecodeAuthorizationMessage", ["EncodedMessage": encoded], as: alice)
            #expect(refused.errorCode == "AccessDenied", "\(refused)")
            #expect(refused.errorMessage?.contains("sts:DecodeAuthorizationMessage on resource: *") == true)
            let bob = try await warden.user("bob", policy: T.allow(#""sts:DecodeAuthorizationMessage""#))
            _ = try await Self.decode(warden, encoded, as: bob)

            var tampered = Array(encoded)
            tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
            for bad in ["garbage", String(tampered)] {
                let reply = await T.sts(warden, "DecodeAuthorizationMessage", ["EncodedMessage": bad], as: bob)
                #expect(reply.errorCode == "InvalidAuthorizationMessageException", "\(reply)")
                #expect(reply.status == 400)
            }
        }
    }

    @Test func onlyTheDeniedAccountCanDecode() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let encoded = try Self.encoded(await warden.call("CreateUser", ["UserName": "x"], as: alice).errorMessage)

            // A role in another account that this account may assume and that may decode.
            let other = "444455556666"
            let roleID = "AROAAAAAAAAAAAAAAAAA7"
            try await warden.client.query(
                "INSERT INTO accounts (account_id, name, email) VALUES (\(other), 'other', 'other@example.com')", logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO iam_roles (role_id, account_id, name, path, assume_role_policy)
                VALUES (\(roleID), \(other), 'decoder', '/', \(T.trust("arn:aws:iam::\(Self.account):root")))
                """, logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO iam_inline_policies (account_id, entity_type, entity_id, name, document)
                VALUES (\(other), 'role', \(roleID), 'decode', \(T.allow(#""sts:DecodeAuthorizationMessage""#)))
                """, logger: warden.logger)
            let bob = try await warden.user("bob", policy: T.allow(#""sts:AssumeRole""#))
            let session = try T.credentials(await T.assume(warden, "decoder", as: bob, account: other))
            let reply = await T.sts(warden, "DecodeAuthorizationMessage", ["EncodedMessage": encoded], as: session)
            #expect(reply.errorCode == "InvalidAuthorizationMessageException", "\(reply)")
            // The same account decodes it.
            _ = try await Self.decode(warden, encoded)
        }
    }

    @Test func sessionDenialsAndFurtherPermissionsCarryAMessageToo() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            // A denied sts:TagSession (a further permission AssumeRole needs).
            let alice = try await warden.user("alice", policy: T.allow(#""sts:AssumeRole""#))
            try await T.role(warden, "worker", trust: T.trust("arn:aws:iam::\(Self.account):user/alice"))
            let denied = await T.assume(warden, "worker", as: alice, ["Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"])
            #expect(denied.errorCode == "AccessDenied", "\(denied)")
            let message = try await Self.decode(warden, try Self.encoded(denied.errorMessage))
            let context = try #require(message["context"] as? [String: Any])
            #expect(context["action"] as? String == "sts:TagSession")
            let conditions = Self.items(context["conditions"])
            #expect(conditions.contains { ($0["key"] as? String)?.lowercased() == "aws:requesttag/team" }, "\(conditions)")

            // AssumeRole's own denial hides whether the role exists: no encoded message.
            let bob = try await warden.user("bob")
            let hidden = await T.assume(warden, "nobody", as: bob)
            #expect(hidden.errorMessage?.contains(Self.marker) == false, "\(hidden)")
        }
    }
}
