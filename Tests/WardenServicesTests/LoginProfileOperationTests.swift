import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct LoginProfileOperationTests {
    /// A user allowed to change its own password, with an access key.
    static func passwordUser(_ warden: WardenHarness, _ name: String) async throws -> (id: String, key: WardenHarness.Credentials) {
        let created = await warden.call("CreateUser", ["UserName": name])
        let id = try #require(created.value("UserId"), "\(created)")
        let attached = await warden.call("AttachUserPolicy", ["UserName": name, "PolicyArn": "arn:aws:iam::aws:policy/IAMUserChangePassword"])
        #expect(attached.status == 200, "\(attached)")
        let key = await warden.call("CreateAccessKey", ["UserName": name])
        return (id, WardenHarness.Credentials(
            accessKeyID: try #require(key.value("AccessKeyId")), secretAccessKey: try #require(key.value("SecretAccessKey"))))
    }

    static func historyCount(_ warden: WardenHarness, userID: String) async throws -> Int {
        let rows = try await warden.client.query("SELECT count(*) FROM iam_password_history WHERE user_id = \(userID)")
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    @Test func concurrentPasswordCallsAllComplete() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("UpdateAccountPasswordPolicy", ["PasswordReusePrevention": "24", "MinimumPasswordLength": "8"]).status == 200)
            let names = (1...4).map { "user\($0)" }
            var keys: [String: WardenHarness.Credentials] = [:]
            for name in names { keys[name] = try await Self.passwordUser(warden, name).key }

            let created = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                for name in names {
                    group.addTask { await warden.call("CreateLoginProfile", ["UserName": name, "Password": "Round-0-\(name)"]) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(created.allSatisfy { $0.status == 200 }, "\(created)")

            // Every user changes its password a few times, all users at once; each change checks the whole history.
            for round in 1...3 {
                let changed = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                    for name in names {
                        let key = keys[name]!
                        group.addTask {
                            await warden.call(
                                "ChangePassword", ["OldPassword": "Round-\(round - 1)-\(name)", "NewPassword": "Round-\(round)-\(name)"], as: key)
                        }
                    }
                    // Other calls are served meanwhile.
                    group.addTask { await warden.call("GetUser", ["UserName": "user1"]) }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(changed.allSatisfy { $0.status == 200 }, "round \(round): \(changed)")
            }

            // The same old password twice at once: the user's lock lets exactly one change win.
            let key = keys["user1"]!
            let racing = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                for attempt in 1...2 {
                    group.addTask {
                        await warden.call("ChangePassword", ["OldPassword": "Round-3-user1", "NewPassword": "Racing-\(attempt)-user1"], as: key)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(racing.filter { $0.status == 200 }.count == 1, "\(racing)")
            #expect(racing.filter { $0.errorMessage == "The old password was incorrect." }.count == 1, "\(racing)")

            let reused = await warden.call("ChangePassword", ["OldPassword": "Round-3-user2", "NewPassword": "Round-0-user2"], as: keys["user2"]!)
            #expect(reused.errorCode == "PasswordPolicyViolation", "\(reused)")
        }
    }

    @Test func historyGoesWithTheLoginProfileAndTheUser() async throws {
        try await WardenHarness.with { warden in
            let (id, key) = try await Self.passwordUser(warden, "alice")
            #expect(await warden.call("UpdateAccountPasswordPolicy", ["PasswordReusePrevention": "5", "MinimumPasswordLength": "8"]).status == 200)
            #expect(await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": "First-pass-1"]).status == 200)
            #expect(await warden.call("ChangePassword", ["OldPassword": "First-pass-1", "NewPassword": "Second-pass-2"], as: key).status == 200)
            #expect(await warden.call("UpdateLoginProfile", ["UserName": "alice", "Password": "Third-pass-3"]).status == 200)
            #expect(try await Self.historyCount(warden, userID: id) == 3)

            #expect(await warden.call("DeleteLoginProfile", ["UserName": "alice"]).status == 200)
            #expect(try await Self.historyCount(warden, userID: id) == 0)
            // A new profile starts a new history: the old passwords are forgotten.
            #expect(await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": "Fourth-pass-4"]).status == 200)
            #expect(await warden.call("ChangePassword", ["OldPassword": "Fourth-pass-4", "NewPassword": "First-pass-1"], as: key).status == 200)
            #expect(try await Self.historyCount(warden, userID: id) == 2)

            // Hashes left behind by any path go with the user.
            #expect(await warden.call("DeleteLoginProfile", ["UserName": "alice"]).status == 200)
            try await warden.client.query(
                "INSERT INTO iam_password_history (account_id, user_id, password_hash) VALUES (\(warden.accountID), \(id), '$y$left')")
            #expect(await warden.call("DetachUserPolicy", ["UserName": "alice", "PolicyArn": "arn:aws:iam::aws:policy/IAMUserChangePassword"]).status == 200)
            #expect(await warden.call("DeleteAccessKey", ["UserName": "alice", "AccessKeyId": key.accessKeyID]).status == 200)
            let deleted = await warden.call("DeleteUser", ["UserName": "alice"])
            #expect(deleted.status == 200, "\(deleted)")
            #expect(try await Self.historyCount(warden, userID: id) == 0)
        }
    }
}
