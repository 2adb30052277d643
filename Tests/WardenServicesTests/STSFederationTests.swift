import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenTestSupport

/// GetFederationToken: who may call it, the federated user it names, and what its sessions may do (the
/// issuer's policies intersected with the session policies; nothing at all without session policies).
@Suite struct STSFederationTests {
    static let account = "111122223333"
    typealias T = STSOperationTests

    static func federate(
        _ warden: WardenHarness, _ name: String, as credentials: WardenHarness.Credentials?, _ parameters: [String: String] = [:]
    ) async -> WardenHarness.Reply {
        await T.sts(warden, "GetFederationToken", ["Name": name].merging(parameters) { $1 }, as: credentials)
    }

    /// A user allowed to federate, and to describe the organization (the probe of a session's permissions:
    /// allowed, it answers AWSOrganizationsNotInUseException; denied, AccessDeniedException).
    static func issuer(_ warden: WardenHarness, extra: String = "") async throws -> WardenHarness.Credentials {
        try await warden.user(
            "alice", policy: T.allow(#"["sts:GetFederationToken","organizations:DescribeOrganization"\#(extra)]"#))
    }

    static func describeOrganization(_ warden: WardenHarness, as credentials: WardenHarness.Credentials) async -> String? {
        await warden.json("DescribeOrganization", as: credentials).errorCode
    }

    @Test func issuesAFederatedUserSession() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            let reply = await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""organizations:*""#)])
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.value("Arn") == "arn:aws:sts::\(Self.account):federated-user/bob")
            #expect(reply.value("FederatedUserId") == "\(Self.account):bob")
            #expect(reply.value("PackedPolicySize") != nil)
            let session = try T.credentials(reply)
            #expect(session.accessKeyID.hasPrefix("ASIA"))
            let expiration = try #require(reply.value("Expiration").flatMap(AWSTimestamp.parseISO8601))
            #expect(abs(expiration.timeIntervalSinceNow - 43_200) < 120)

            let identity = await T.sts(warden, "GetCallerIdentity", as: session)
            #expect(identity.status == 200, "\(identity)")
            #expect(identity.value("Arn") == "arn:aws:sts::\(Self.account):federated-user/bob")
            #expect(identity.value("UserId") == "\(Self.account):bob")
            #expect(identity.value("Account") == Self.account)
        }
    }

    @Test func needsPermissionAndLongTermCredentials() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let carol = try await warden.user("carol")
            let denied = await Self.federate(warden, "bob", as: carol)
            #expect(denied.status == 403)
            #expect(denied.errorCode == "AccessDenied")
            #expect(denied.errorMessage?.contains("sts:GetFederationToken on resource: arn:aws:sts::\(Self.account):federated-user/bob") == true)

            let alice = try await Self.issuer(warden, extra: #","sts:AssumeRole""#)
            // A GetSessionToken session may not federate.
            let sessionToken = try T.credentials(await T.sts(warden, "GetSessionToken", as: alice))
            let fromSession = await Self.federate(warden, "bob", as: sessionToken)
            #expect(fromSession.errorCode == "AccessDenied", "\(fromSession)")
            #expect(fromSession.errorMessage == "Cannot call GetFederationToken with session credentials")

            // Nor may a role session, even allowed to.
            try await T.role(warden, "worker", trust: T.trust("arn:aws:iam::\(Self.account):user/alice"), policy: T.allow(#""sts:*""#))
            let role = try T.credentials(await T.assume(warden, "worker", as: alice))
            let fromRole = await Self.federate(warden, "bob", as: role)
            #expect(fromRole.errorCode == "AccessDenied", "\(fromRole)")
            #expect(fromRole.errorMessage == "Cannot call GetFederationToken with session credentials")

            // Nor a federated user.
            let federated = try T.credentials(await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""*""#)]))
            #expect(await Self.federate(warden, "eve", as: federated).errorCode == "AccessDenied")
        }
    }

    @Test func rootMayFederateForAnHourAtMost() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let reply = await Self.federate(warden, "ops", as: nil, ["DurationSeconds": "7200", "Policy": T.allow(#""organizations:*""#)])
            #expect(reply.status == 200, "\(reply)")
            let expiration = try #require(reply.value("Expiration").flatMap(AWSTimestamp.parseISO8601))
            #expect(abs(expiration.timeIntervalSinceNow - 3600) < 120)
            let session = try T.credentials(reply)
            // Root's permissions narrowed by the session policy.
            #expect(await Self.describeOrganization(warden, as: session) == "AWSOrganizationsNotInUseException")
            let narrow = try T.credentials(await Self.federate(warden, "ops", as: nil, ["Policy": T.allow(#""organizations:ListAccounts""#)]))
            #expect(await Self.describeOrganization(warden, as: narrow) == "AccessDeniedException")
        }
    }

    @Test func durationAndNameAreValidated() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            #expect(await Self.federate(warden, "bob", as: alice, ["DurationSeconds": "129601"]).errorCode == "ValidationError")
            #expect(await Self.federate(warden, "bob", as: alice, ["DurationSeconds": "899"]).errorCode == "ValidationError")
            #expect(await Self.federate(warden, "b", as: alice).errorCode == "ValidationError")
            #expect(await Self.federate(warden, "bob smith", as: alice).errorCode == "ValidationError")
            let longest = await Self.federate(warden, "bob", as: alice, ["DurationSeconds": "129600"])
            #expect(longest.status == 200, "\(longest)")
        }
    }

    @Test func withoutSessionPolicyTheSessionHasNoPermissions() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            #expect(await Self.describeOrganization(warden, as: alice) == "AWSOrganizationsNotInUseException")
            let bare = try T.credentials(await Self.federate(warden, "bob", as: alice))
            let denied = await warden.json("DescribeOrganization", as: bare)
            #expect(denied.errorCode == "AccessDeniedException", "\(denied)")
            #expect(denied.errorMessage?.contains("federated-user/bob is not authorized") == true, "\(denied)")
            #expect(denied.errorMessage?.contains("because no session policy allows") == true, "\(denied)")
        }
    }

    @Test func permissionsAreTheIntersectionOfIssuerAndSessionPolicies() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            let both = try T.credentials(await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""organizations:Describe*""#)]))
            #expect(await Self.describeOrganization(warden, as: both) == "AWSOrganizationsNotInUseException")

            // The session policy alone grants nothing the issuer lacks.
            let wider = try T.credentials(await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""*""#)]))
            #expect(await warden.json("ListAccounts", as: wider).errorCode == "AccessDeniedException")

            // Managed session policies count too.
            let created = await warden.call(
                "CreatePolicy", ["PolicyName": "describe", "PolicyDocument": T.allow(#""organizations:DescribeOrganization""#)])
            #expect(created.status == 200, "\(created)")
            let managed = try T.credentials(
                await Self.federate(warden, "bob", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::\(Self.account):policy/describe"]))
            #expect(await Self.describeOrganization(warden, as: managed) == "AWSOrganizationsNotInUseException")
        }
    }

    @Test func federatedSessionsCallNoIAMAndNoSTSButGetCallerIdentity() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice", policy: T.allow(#""*""#))
            let session = try T.credentials(await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""*""#)]))
            let listUsers = await warden.call("ListUsers", as: session)
            #expect(listUsers.status == 403, "\(listUsers)")
            #expect(listUsers.errorCode == "AccessDenied")
            #expect(listUsers.errorMessage == "Cannot call ListUsers with session credentials")
            for action in ["GetSessionToken", "GetAccessKeyInfo", "DecodeAuthorizationMessage"] {
                let parameters = action == "GetAccessKeyInfo" ? ["AccessKeyId": alice.accessKeyID] : action == "DecodeAuthorizationMessage" ? ["EncodedMessage": "x"] : [:]
                let reply = await T.sts(warden, action, parameters, as: session)
                #expect(reply.errorCode == "AccessDenied", "\(action): \(reply)")
            }
            try await T.role(warden, "worker", trust: T.trust("arn:aws:iam::\(Self.account):root"), policy: T.allow(#""*""#))
            #expect(await T.assume(warden, "worker", as: session).errorCode == "AccessDenied")
            #expect(await T.sts(warden, "GetCallerIdentity", as: session).status == 200)
            #expect(await warden.json("DescribeOrganization", as: session).errorCode == "AWSOrganizationsNotInUseException")
        }
    }

    @Test func tagsNeedTagSessionAndBecomePrincipalTags() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            let tags = ["Tags.member.1.Key": "team", "Tags.member.1.Value": "blue", "Policy": T.allow(#""*""#)]
            let denied = await Self.federate(warden, "bob", as: alice, tags)
            #expect(denied.errorCode == "AccessDenied", "\(denied)")
            #expect(denied.errorMessage?.contains("sts:TagSession") == true)

            let tagger = try await warden.user(
                "tagger",
                policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetFederationToken","sts:TagSession"],"Resource":"*"},{"Effect":"Allow","Action":"organizations:DescribeOrganization","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}"#)
            let tagged = await Self.federate(warden, "bob", as: tagger, tags)
            #expect(tagged.status == 200, "\(tagged)")
            #expect(await Self.describeOrganization(warden, as: try T.credentials(tagged)) == "AWSOrganizationsNotInUseException")
            let untagged = try T.credentials(await Self.federate(warden, "bob", as: tagger, ["Policy": T.allow(#""*""#)]))
            #expect(await Self.describeOrganization(warden, as: untagged) == "AccessDeniedException")

            let reserved = await Self.federate(warden, "bob", as: tagger, ["Tags.member.1.Key": "aws:team", "Tags.member.1.Value": "x"])
            #expect(reserved.errorCode == "InvalidParameterValue", "\(reserved)")
            let duplicate = await Self.federate(
                warden, "bob", as: tagger,
                ["Tags.member.1.Key": "team", "Tags.member.1.Value": "a", "Tags.member.2.Key": "TEAM", "Tags.member.2.Value": "b"])
            #expect(duplicate.errorCode == "InvalidParameterValue", "\(duplicate)")
        }
    }

    @Test func sessionPolicyARNsMustExistInTheAccount() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            let missing = await Self.federate(warden, "bob", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::\(Self.account):policy/nope"])
            #expect(missing.errorCode == "InvalidParameterValue", "\(missing)")
            let foreign = await Self.federate(warden, "bob", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::444455556666:policy/theirs"])
            #expect(foreign.errorCode == "InvalidParameterValue", "\(foreign)")
            let managed = await Self.federate(warden, "bob", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"])
            #expect(managed.status == 200, "\(managed)")
        }
    }

    @Test func aSessionEndsWithItsIssuer() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.issuer(warden)
            let session = try T.credentials(await Self.federate(warden, "bob", as: alice, ["Policy": T.allow(#""*""#)]))
            #expect(await Self.describeOrganization(warden, as: session) == "AWSOrganizationsNotInUseException")
            #expect(await warden.call("UpdateUser", ["UserName": "alice", "NewUserName": "alicia"]).status == 200)
            #expect(await Self.describeOrganization(warden, as: session) == "InvalidClientTokenId")
        }
    }
}
