import Foundation
import PostgresNIO
import Testing
import WardenServices
import WardenTestSupport

/// What AssumeRole refuses when the session is made: reserved tag keys and source identities, managed session
/// policies that are not the role account's, and roles of accounts that are not active.
@Suite struct STSAssumeRoleValidationTests {
    static let account = "111122223333"
    typealias T = STSOperationTests

    static func setUp(_ warden: WardenHarness) async throws -> WardenHarness.Credentials {
        let alice = try await warden.user("alice", policy: T.allow(#"["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]"#))
        try await T.role(
            warden, "worker",
            trust: T.trust("arn:aws:iam::\(Self.account):user/alice", actions: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]))
        return alice
    }

    @Test func tagKeysInTheAWSNamespaceAreRefused() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.setUp(warden)
            for key in ["aws:team", "AWS:team"] {
                let reply = await T.assume(warden, "worker", as: alice, ["Tags.member.1.Key": key, "Tags.member.1.Value": "x"])
                #expect(reply.errorCode == "InvalidParameterValue", "\(reply)")
            }
            let fine = await T.assume(warden, "worker", as: alice, ["Tags.member.1.Key": "team:aws", "Tags.member.1.Value": "x"])
            #expect(fine.status == 200, "\(fine)")
        }
    }

    @Test func sourceIdentitiesInTheAWSNamespaceAreRefused() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.setUp(warden)
            let reply = await T.assume(warden, "worker", as: alice, ["SourceIdentity": "aws:alice"])
            #expect(reply.errorCode == "ValidationError", "\(reply)")
            #expect(await T.assume(warden, "worker", as: alice, ["SourceIdentity": "alice"]).status == 200)
        }
    }

    @Test func sessionPolicyARNsMustExistInTheRolesAccount() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await Self.setUp(warden)
            let missing = await T.assume(warden, "worker", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::\(Self.account):policy/nope"])
            #expect(missing.errorCode == "InvalidParameterValue", "\(missing)")
            let foreign = await T.assume(warden, "worker", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::444455556666:policy/theirs"])
            #expect(foreign.errorCode == "InvalidParameterValue", "\(foreign)")
            let unknownManaged = await T.assume(warden, "worker", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/NoSuchPolicy"])
            #expect(unknownManaged.errorCode == "InvalidParameterValue", "\(unknownManaged)")
            #expect(await warden.call("CreatePolicy", ["PolicyName": "mine", "PolicyDocument": T.allow(#""iam:Get*""#)]).status == 200)
            let mine = await T.assume(warden, "worker", as: alice, ["PolicyArns.member.1.arn": "arn:aws:iam::\(Self.account):policy/mine"])
            #expect(mine.status == 200, "\(mine)")
        }
    }

    @Test func rolesOfInactiveAccountsCannotBeAssumed() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let other = "444455556666"
            try await warden.client.query(
                "INSERT INTO accounts (account_id, name, email) VALUES (\(other), 'other', 'other@example.com')", logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO iam_roles (role_id, account_id, name, path, assume_role_policy)
                VALUES ('AROAAAAAAAAAAAAAAAAA6', \(other), 'partner', '/', \(T.trust("arn:aws:iam::\(Self.account):root")))
                """, logger: warden.logger)
            let bob = try await warden.user("bob", policy: T.allow(#""sts:AssumeRole""#))
            #expect(await T.assume(warden, "partner", as: bob, account: other).status == 200)
            for status in ["SUSPENDED", "PENDING_CLOSURE"] {
                try await warden.client.query("UPDATE accounts SET status = \(status) WHERE account_id = \(other)", logger: warden.logger)
                let refused = await T.assume(warden, "partner", as: bob, account: other)
                #expect(refused.errorCode == "AccessDenied", "\(status): \(refused)")
            }
        }
    }
}
