import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct UserOperationTests {
    @Test func createGetListDeleteUser() async throws {
        try await WardenHarness.with { warden in
            let created = await warden.call("CreateUser", ["UserName": "alice", "Path": "/eng/", "Tags.member.1.Key": "team", "Tags.member.1.Value": "payments"])
            #expect(created.status == 200, "\(created)")
            #expect(created.value("Arn") == "arn:aws:iam::111122223333:user/eng/alice")
            #expect(created.value("UserId")?.hasPrefix("AIDA") == true)
            let got = await warden.call("GetUser", ["UserName": "ALICE"])
            #expect(got.value("UserName") == "alice")
            #expect(got.value("Value") == "payments")
            let listed = await warden.call("ListUsers", ["PathPrefix": "/eng/"])
            #expect(listed.values("UserName") == ["alice"])
            let deleted = await warden.call("DeleteUser", ["UserName": "alice"])
            #expect(deleted.status == 200, "\(deleted)")
            let gone = await warden.call("GetUser", ["UserName": "alice"])
            #expect(gone.status == 404)
            #expect(gone.errorCode == "NoSuchEntity")
            #expect(gone.errorMessage == "The user with name alice cannot be found.")
        }
    }

    @Test func namesAreUniqueRegardlessOfCase() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "Bob"]).status == 200)
            let again = await warden.call("CreateUser", ["UserName": "bob"])
            #expect(again.status == 409)
            #expect(again.errorCode == "EntityAlreadyExists")
        }
    }

    @Test func twoConcurrentCreatesOfOneUserGiveOneEntityAlreadyExists() async throws {
        try await WardenHarness.with { warden in
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<2 { group.addTask { await warden.call("CreateUser", ["UserName": "racer"]).status } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 409])
        }
    }

    @Test func badNamesAreValidationErrorsNamingTheMember() async throws {
        try await WardenHarness.with { warden in
            let reply = await warden.call("CreateUser", ["UserName": "bad name!"])
            #expect(reply.status == 400)
            #expect(reply.errorCode == "ValidationError")
            #expect(reply.errorMessage?.contains("at 'userName' failed to satisfy constraint") == true)
            let long = await warden.call("CreateUser", ["UserName": String(repeating: "a", count: 65)])
            #expect(long.errorMessage?.contains("Member must have length less than or equal to 64") == true)
        }
    }

    @Test func paginationVisitsEveryUserOnce() async throws {
        try await WardenHarness.with { warden in
            for index in 0..<5 { _ = await warden.call("CreateUser", ["UserName": "user\(index)"]) }
            var seen: [String] = []
            var marker: String?
            repeat {
                var parameters = ["MaxItems": "2"]
                if let marker { parameters["Marker"] = marker }
                let page = await warden.call("ListUsers", parameters)
                seen += page.values("UserName")
                marker = page.value("IsTruncated") == "true" ? page.value("Marker") : nil
            } while marker != nil
            #expect(seen == ["user0", "user1", "user2", "user3", "user4"])
        }
    }

    @Test func anAccountHasAtMostFiveThousandUsers() async throws {
        try await WardenHarness.with { warden in
            try await warden.client.query(
                """
                INSERT INTO iam_users (user_id, account_id, name)
                SELECT 'AIDA' || substr(translate(upper(md5(i::text)), '0189', 'WXYZ'), 1, 17), \(warden.accountID), 'bulk' || i
                FROM generate_series(1, 4999) AS i
                """, logger: warden.logger)
            #expect(await warden.call("CreateUser", ["UserName": "last"]).status == 200)
            let over = await warden.call("CreateUser", ["UserName": "one-too-many"])
            #expect(over.errorCode == "LimitExceeded", "\(over)")
            #expect(over.errorMessage == "Cannot exceed quota for UsersPerAccount: 5000")
            #expect(over.status == 409)
        }
    }
}
