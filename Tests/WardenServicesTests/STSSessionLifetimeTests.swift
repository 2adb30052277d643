import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

/// Sessions stop with what they stand for, also when authorization answers from the policy cache.
@Suite struct STSSessionLifetimeTests {
    static let account = "111122223333"
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}]}"#
    static let readUsers = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","sts:GetCallerIdentity"],"Resource":"*"}]}"#

    func sts(_ warden: WardenHarness, _ action: String, _ parameters: [String: String] = [:], as credentials: WardenHarness.Credentials?) async
        -> WardenHarness.Reply
    {
        await warden.call(action, parameters, as: credentials, service: "sts", version: "2011-06-15")
    }

    @Test func aSessionOfASuspendedAccountStopsWithTheCacheOn() async throws {
        try await WardenHarness.with(accountID: Self.account, cachingPolicies: true) { warden in
            let alice = try await warden.user("alice", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#)
            #expect(await warden.call("CreateRole", ["RoleName": "reader", "AssumeRolePolicyDocument": Self.trust]).status == 200)
            #expect(await warden.call("PutRolePolicy", ["RoleName": "reader", "PolicyName": "read", "PolicyDocument": Self.readUsers]).status == 200)
            try await Task.sleep(for: .milliseconds(300))
            let assumed = await sts(warden, "AssumeRole", ["RoleArn": "arn:aws:iam::\(Self.account):role/reader", "RoleSessionName": "s1"], as: alice)
            #expect(assumed.status == 200, "\(assumed)")
            let session = WardenHarness.Credentials(
                accessKeyID: assumed.value("AccessKeyId") ?? "", secretAccessKey: assumed.value("SecretAccessKey") ?? "",
                sessionToken: assumed.value("SessionToken"))
            for _ in 0..<3 { #expect(await warden.call("ListUsers", [:], as: session).status == 200) }
            try await warden.client.query("UPDATE accounts SET status = 'SUSPENDED' WHERE account_id = '111122223333'")
            try await Task.sleep(for: .milliseconds(300))
            #expect(await warden.call("ListUsers", [:], as: session).errorCode == "InvalidClientTokenId")
        }
    }

    @Test func aSessionOfARenamedUserStops() async throws {
        try await WardenHarness.with(accountID: Self.account, cachingPolicies: true) { warden in
            let alice = try await warden.user("alice", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#)
            #expect(await warden.call("CreateRole", ["RoleName": "reader", "AssumeRolePolicyDocument": Self.trust]).status == 200)
            try await Task.sleep(for: .milliseconds(300))
            let token = await sts(warden, "GetSessionToken", [:], as: alice)
            #expect(token.status == 200, "\(token)")
            let session = WardenHarness.Credentials(
                accessKeyID: token.value("AccessKeyId") ?? "", secretAccessKey: token.value("SecretAccessKey") ?? "",
                sessionToken: token.value("SessionToken"))
            let assume = ["RoleArn": "arn:aws:iam::\(Self.account):role/reader", "RoleSessionName": "s1"]
            #expect(await sts(warden, "AssumeRole", assume, as: session).status == 200)
            #expect(await warden.call("UpdateUser", ["UserName": "alice", "NewUserName": "alice-old"]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            // The old session may not pass for the new alice, whom the trust policy names.
            let reply = await sts(warden, "AssumeRole", assume, as: session)
            #expect(reply.errorCode == "InvalidClientTokenId", "\(reply)")
        }
    }
}
