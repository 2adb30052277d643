import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct InlinePolicyOperationTests {
    static let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}"#

    /// A document of about `size` characters (whitespace not counted).
    static func document(size: Int) -> String {
        let base = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::"}]}"#
        let padding = String(repeating: "b", count: max(0, size - base.count))
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::\#(padding)"}]}"#
    }

    /// A group and a role made directly in the database, so these tests do not depend on their operations.
    static func makeGroupAndRole(_ warden: WardenHarness) async throws {
        try await warden.client.query(
            "INSERT INTO iam_groups (group_id, account_id, name) VALUES ('AGPAAAAAAAAAAAAAAAAAA', \(warden.accountID), 'devs')")
        try await warden.client.query(
            """
            INSERT INTO iam_roles (role_id, account_id, name, assume_role_policy)
            VALUES ('AROAAAAAAAAAAAAAAAAAA', \(warden.accountID), 'worker', '{}')
            """)
        try await warden.client.query(
            """
            INSERT INTO iam_roles (role_id, account_id, name, assume_role_policy, service_linked_to)
            VALUES ('AROABBBBBBBBBBBBBBBBB', \(warden.accountID), 'AWSServiceRoleForX', '{}', 'x.amazonaws.com')
            """)
    }

    @Test func putGetListDeleteForEachKind() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            try await Self.makeGroupAndRole(warden)
            for (kind, key, owner) in [("User", "UserName", "alice"), ("Group", "GroupName", "devs"), ("Role", "RoleName", "worker")] {
                let put = await warden.call("Put\(kind)Policy", [key: owner, "PolicyName": "alpha", "PolicyDocument": Self.document])
                #expect(put.status == 200, "\(kind): \(put)")
                let got = await warden.call("Get\(kind)Policy", [key: owner.uppercased(), "PolicyName": "ALPHA"])
                #expect(got.value(key) == owner)
                #expect(got.value("PolicyName") == "alpha")
                #expect(got.value("PolicyDocument")?.hasPrefix("%7B") == true, "\(got)")
                #expect(got.value("PolicyDocument")?.removingPercentEncoding == Self.document)
                _ = await warden.call("Put\(kind)Policy", [key: owner, "PolicyName": "beta", "PolicyDocument": Self.document])
                #expect(await warden.call("List\(kind)Policies", [key: owner]).values("member") == ["alpha", "beta"])
                let page = await warden.call("List\(kind)Policies", [key: owner, "MaxItems": "1"])
                #expect(page.values("member") == ["alpha"])
                #expect(page.value("IsTruncated") == "true")
                let rest = await warden.call("List\(kind)Policies", [key: owner, "Marker": page.value("Marker") ?? ""])
                #expect(rest.values("member") == ["beta"])
                #expect(await warden.call("Delete\(kind)Policy", [key: owner, "PolicyName": "alpha"]).status == 200)
                let twice = await warden.call("Delete\(kind)Policy", [key: owner, "PolicyName": "alpha"])
                #expect(twice.status == 404)
                #expect(twice.errorMessage == "The \(kind.lowercased()) policy with name alpha cannot be found.")
                let missing = await warden.call("Get\(kind)Policy", [key: owner, "PolicyName": "alpha"])
                #expect(missing.errorCode == "NoSuchEntity")
                let ghost = await warden.call("Put\(kind)Policy", [key: "ghost", "PolicyName": "p", "PolicyDocument": Self.document])
                #expect(ghost.errorMessage == "The \(kind.lowercased()) with name ghost cannot be found.")
            }
            let protected = await warden.call("PutRolePolicy", ["RoleName": "AWSServiceRoleForX", "PolicyName": "p", "PolicyDocument": Self.document])
            #expect(protected.errorCode == "UnmodifiableEntity", "\(protected)")
        }
    }

    @Test func putValidatesTheDocument() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            let principal = await warden.call("PutUserPolicy", [
                "UserName": "alice", "PolicyName": "p",
                "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
            ])
            #expect(principal.errorCode == "MalformedPolicyDocument")
            let effect = await warden.call("PutUserPolicy", [
                "UserName": "alice", "PolicyName": "p",
                "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}]}"#,
            ])
            #expect(effect.errorCode == "MalformedPolicyDocument", "\(effect)")
            let name = await warden.call("PutUserPolicy", ["UserName": "alice", "PolicyName": "bad name!", "PolicyDocument": Self.document])
            #expect(name.errorCode == "ValidationError")
        }
    }

    @Test func aggregateSizeIsLimitedPerKind() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            try await Self.makeGroupAndRole(warden)
            let half = Self.document(size: 1_100)
            #expect(await warden.call("PutUserPolicy", ["UserName": "alice", "PolicyName": "one", "PolicyDocument": half]).status == 200)
            // Replacing a policy does not count the one it replaces.
            #expect(await warden.call("PutUserPolicy", ["UserName": "alice", "PolicyName": "ONE", "PolicyDocument": half]).status == 200)
            let over = await warden.call("PutUserPolicy", ["UserName": "alice", "PolicyName": "two", "PolicyDocument": half])
            #expect(over.status == 409)
            #expect(over.errorCode == "LimitExceeded")
            #expect(over.errorMessage == "Maximum policy size of 2048 bytes exceeded for user alice")
            // Whitespace does not count.
            let spaced = Self.document(size: 900).replacingOccurrences(of: ",", with: ",          ")
            #expect(await warden.call("PutUserPolicy", ["UserName": "alice", "PolicyName": "two", "PolicyDocument": spaced]).status == 200)
            #expect(await warden.call("PutGroupPolicy", ["GroupName": "devs", "PolicyName": "big", "PolicyDocument": Self.document(size: 5_000)]).status == 200)
            let group = await warden.call("PutGroupPolicy", ["GroupName": "devs", "PolicyName": "more", "PolicyDocument": Self.document(size: 200)])
            #expect(group.errorMessage == "Maximum policy size of 5120 bytes exceeded for group devs")
            #expect(await warden.call("PutRolePolicy", ["RoleName": "worker", "PolicyName": "big", "PolicyDocument": Self.document(size: 10_000)]).status == 200)
            let role = await warden.call("PutRolePolicy", ["RoleName": "worker", "PolicyName": "more", "PolicyDocument": Self.document(size: 300)])
            #expect(role.errorMessage == "Maximum policy size of 10240 bytes exceeded for role worker")
        }
    }

    @Test func anInlinePolicyGrantsWhatItSays() async throws {
        try await WardenHarness.with { warden in
            let key = try await warden.user("reader", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUserPolicies","Resource":"*"}]}"#)
            #expect(await warden.call("ListUserPolicies", ["UserName": "reader"], as: key).values("member") == ["inline"])
            #expect(await warden.call("ListUsers", as: key).errorCode == "AccessDenied")
        }
    }
}
