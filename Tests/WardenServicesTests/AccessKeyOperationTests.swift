import Foundation
import Testing
import WardenTestSupport

@Suite struct AccessKeyOperationTests {
    @Test func createListUpdateDeleteKeys() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            let created = await warden.call("CreateAccessKey", ["UserName": "alice"])
            #expect(created.status == 200, "\(created)")
            let id = try #require(created.value("AccessKeyId"))
            #expect(id.hasPrefix("AKIA") && id.count == 20)
            #expect(created.value("SecretAccessKey")?.count == 40)
            #expect(created.value("UserName") == "alice")
            #expect(created.value("Status") == "Active")
            let listed = await warden.call("ListAccessKeys", ["UserName": "alice"])
            #expect(listed.values("AccessKeyId") == [id])
            #expect(!listed.body.contains("SecretAccessKey"))
            #expect(await warden.call("UpdateAccessKey", ["UserName": "alice", "AccessKeyId": id, "Status": "Inactive"]).status == 200)
            #expect(await warden.call("ListAccessKeys", ["UserName": "alice"]).value("Status") == "Inactive")
            let wrongUser = await warden.call("UpdateAccessKey", ["UserName": "ghost", "AccessKeyId": id, "Status": "Active"])
            #expect(wrongUser.errorCode == "NoSuchEntity")
            #expect(await warden.call("DeleteAccessKey", ["UserName": "alice", "AccessKeyId": id]).status == 200)
            let twice = await warden.call("DeleteAccessKey", ["UserName": "alice", "AccessKeyId": id])
            #expect(twice.status == 404)
            #expect(twice.errorMessage == "The Access Key with id \(id) cannot be found.")
        }
    }

    @Test func expiredIsNotASettableStatus() async throws {
        try await WardenHarness.with { warden in
            let bob = try await warden.user("bob")
            for caller in [nil, bob] {
                let expired = await warden.call("UpdateAccessKey", ["UserName": "bob", "AccessKeyId": bob.accessKeyID, "Status": "Expired"], as: caller)
                #expect(expired.status == 400, "\(expired)")
                #expect(expired.errorCode == "ValidationError")
                #expect(expired.errorMessage == "1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [Active, Inactive]")
            }
            #expect(await warden.call("ListAccessKeys", ["UserName": "bob"]).value("Status") == "Active")
        }
    }

    @Test func atMostTwoKeysPerUserEvenConcurrently() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "racer"]).status == 200)
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { await warden.call("CreateAccessKey", ["UserName": "racer"]).status } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 200, 409, 409, 409])
            #expect(await warden.call("ListAccessKeys", ["UserName": "racer"]).values("AccessKeyId").count == 2)
            let third = await warden.call("CreateAccessKey", ["UserName": "racer"])
            #expect(third.errorCode == "LimitExceeded")
            #expect(third.errorMessage == "Cannot exceed quota for AccessKeysPerUser: 2")
        }
    }

    @Test func rootKeysAreTheCallersOwn() async throws {
        try await WardenHarness.with { warden in
            let mine = await warden.call("ListAccessKeys")
            #expect(mine.values("AccessKeyId") == [warden.root.accessKeyID])
            #expect(await warden.call("CreateAccessKey").status == 200)
            let third = await warden.call("CreateAccessKey")
            #expect(third.errorCode == "LimitExceeded")
        }
    }

    @Test func aCreatedKeyAuthenticatesAndRecordsItsUse() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "bob"]).status == 200)
            let created = await warden.call("CreateAccessKey", ["UserName": "bob"])
            let key = WardenHarness.Credentials(
                accessKeyID: try #require(created.value("AccessKeyId")), secretAccessKey: try #require(created.value("SecretAccessKey")))
            let unused = await warden.call("GetAccessKeyLastUsed", ["AccessKeyId": key.accessKeyID])
            #expect(unused.value("ServiceName") == "N/A")
            #expect(unused.value("Region") == "N/A")
            #expect(unused.value("LastUsedDate") == nil)
            #expect(unused.value("UserName") == "bob")
            let identity = await warden.call("GetCallerIdentity", [:], as: key, service: "sts", version: "2011-06-15")
            #expect(identity.status == 200, "\(identity)")
            #expect(identity.value("Arn") == "arn:aws:iam::111122223333:user/bob")
            let used = await warden.call("GetAccessKeyLastUsed", ["AccessKeyId": key.accessKeyID])
            #expect(used.value("ServiceName") == "sts")
            #expect(used.value("Region") == "us-east-1")
            #expect(used.value("LastUsedDate") != nil)
            #expect(await warden.call("UpdateAccessKey", ["UserName": "bob", "AccessKeyId": key.accessKeyID, "Status": "Inactive"]).status == 200)
            let refused = await warden.call("GetCallerIdentity", [:], as: key, service: "sts", version: "2011-06-15")
            #expect(refused.errorCode == "InvalidClientTokenId")
        }
    }

    @Test func aUserManagesItsOwnKeysWithoutUserName() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "carol"]).status == 200)
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#
            #expect(await warden.call("PutUserPolicy", ["UserName": "carol", "PolicyName": "keys", "PolicyDocument": policy]).status == 200)
            let first = await warden.call("CreateAccessKey", ["UserName": "carol"])
            let key = WardenHarness.Credentials(
                accessKeyID: try #require(first.value("AccessKeyId")), secretAccessKey: try #require(first.value("SecretAccessKey")))
            let own = await warden.call("CreateAccessKey", [:], as: key)
            #expect(own.status == 200, "\(own)")
            #expect(own.value("UserName") == "carol")
            #expect(await warden.call("ListAccessKeys", [:], as: key).values("AccessKeyId").count == 2)
            #expect(await warden.call("ListAccessKeys", ["UserName": "someone"], as: key).errorCode == "AccessDenied")
        }
    }
}
