import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct GroupOperationTests {
    @Test func createGetListUpdateDeleteGroup() async throws {
        try await WardenHarness.with { warden in
            let created = await warden.call("CreateGroup", ["GroupName": "devs", "Path": "/teams/"])
            #expect(created.status == 200, "\(created)")
            #expect(created.value("Arn") == "arn:aws:iam::111122223333:group/teams/devs")
            let groupID = try #require(created.value("GroupId"))
            #expect(groupID.hasPrefix("AGPA") && groupID.count == 21)
            let again = await warden.call("CreateGroup", ["GroupName": "DEVS"])
            #expect(again.status == 409)
            #expect(again.errorCode == "EntityAlreadyExists")
            #expect(again.errorMessage == "Group with name DEVS already exists.")
            #expect(await warden.call("CreateGroup", ["GroupName": "ops"]).status == 200)

            #expect(await warden.call("ListGroups").values("GroupName") == ["devs", "ops"])
            #expect(await warden.call("ListGroups", ["PathPrefix": "/teams/"]).values("GroupName") == ["devs"])
            let page = await warden.call("ListGroups", ["MaxItems": "1"])
            #expect(page.value("IsTruncated") == "true")
            let next = await warden.call("ListGroups", ["MaxItems": "1", "Marker": page.value("Marker") ?? ""])
            #expect(next.values("GroupName") == ["ops"])

            let renamed = await warden.call("UpdateGroup", ["GroupName": "devs", "NewGroupName": "builders", "NewPath": "/crew/"])
            #expect(renamed.status == 200, "\(renamed)")
            let got = await warden.call("GetGroup", ["GroupName": "BUILDERS"])
            #expect(got.value("Arn") == "arn:aws:iam::111122223333:group/crew/builders")
            #expect(got.value("GroupId") == groupID)
            let clash = await warden.call("UpdateGroup", ["GroupName": "builders", "NewGroupName": "OPS"])
            #expect(clash.errorCode == "EntityAlreadyExists")

            #expect(await warden.call("DeleteGroup", ["GroupName": "builders"]).status == 200)
            let gone = await warden.call("GetGroup", ["GroupName": "builders"])
            #expect(gone.status == 404)
            #expect(gone.errorCode == "NoSuchEntity")
            #expect(gone.errorMessage == "The group with name builders cannot be found.")
            #expect(await warden.call("DeleteGroup", ["GroupName": "builders"]).errorCode == "NoSuchEntity")
            #expect(await warden.call("UpdateGroup", ["GroupName": "builders", "NewPath": "/x/"]).errorCode == "NoSuchEntity")
        }
    }

    @Test func membershipAddListRemove() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateGroup", ["GroupName": "devs"])
            for name in ["carol", "alice", "bob"] { _ = await warden.call("CreateUser", ["UserName": name]) }
            for name in ["carol", "alice", "bob"] {
                #expect(await warden.call("AddUserToGroup", ["GroupName": "devs", "UserName": name]).status == 200)
            }
            #expect(await warden.call("AddUserToGroup", ["GroupName": "devs", "UserName": "ALICE"]).status == 200)
            let got = await warden.call("GetGroup", ["GroupName": "devs"])
            #expect(got.values("UserName") == ["alice", "bob", "carol"])
            #expect(got.value("IsTruncated") == "false")
            let first = await warden.call("GetGroup", ["GroupName": "devs", "MaxItems": "2"])
            #expect(first.values("UserName") == ["alice", "bob"])
            #expect(first.value("IsTruncated") == "true")
            let second = await warden.call("GetGroup", ["GroupName": "devs", "MaxItems": "2", "Marker": first.value("Marker") ?? ""])
            #expect(second.values("UserName") == ["carol"])

            #expect(await warden.call("ListGroupsForUser", ["UserName": "alice"]).values("GroupName") == ["devs"])
            #expect(await warden.call("ListGroupsForUser", ["UserName": "ghost"]).errorCode == "NoSuchEntity")

            let noUser = await warden.call("AddUserToGroup", ["GroupName": "devs", "UserName": "ghost"])
            #expect(noUser.status == 404)
            #expect(noUser.errorMessage == "The user with name ghost cannot be found.")
            let noGroup = await warden.call("AddUserToGroup", ["GroupName": "ghosts", "UserName": "alice"])
            #expect(noGroup.errorMessage == "The group with name ghosts cannot be found.")

            let conflict = await warden.call("DeleteGroup", ["GroupName": "devs"])
            #expect(conflict.status == 409)
            #expect(conflict.errorCode == "DeleteConflict")
            #expect(conflict.errorMessage == "Cannot delete entity, must remove users from group first.")
            let userConflict = await warden.call("DeleteUser", ["UserName": "alice"])
            #expect(userConflict.errorCode == "DeleteConflict")

            #expect(await warden.call("RemoveUserFromGroup", ["GroupName": "devs", "UserName": "bob"]).status == 200)
            #expect(await warden.call("RemoveUserFromGroup", ["GroupName": "devs", "UserName": "bob"]).errorCode == "NoSuchEntity")
            #expect(await warden.call("ListGroupsForUser", ["UserName": "bob"]).values("GroupName") == [])
            for name in ["alice", "carol"] { _ = await warden.call("RemoveUserFromGroup", ["GroupName": "devs", "UserName": name]) }
            #expect(await warden.call("DeleteGroup", ["GroupName": "devs"]).status == 200)
        }
    }

    @Test func aUserBelongsToAtMostTenGroups() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            for index in 0..<11 { _ = await warden.call("CreateGroup", ["GroupName": "g\(index)"]) }
            for index in 0..<10 {
                #expect(await warden.call("AddUserToGroup", ["GroupName": "g\(index)", "UserName": "alice"]).status == 200)
            }
            #expect(await warden.call("AddUserToGroup", ["GroupName": "g3", "UserName": "alice"]).status == 200)
            let over = await warden.call("AddUserToGroup", ["GroupName": "g10", "UserName": "alice"])
            #expect(over.status == 409)
            #expect(over.errorCode == "LimitExceeded")
            #expect(over.errorMessage == "Cannot exceed quota for GroupsPerUser: 10")
        }
    }

    @Test func concurrentAddsNeverExceedTheQuota() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            for index in 0..<12 { _ = await warden.call("CreateGroup", ["GroupName": "g\(index)"]) }
            let statuses = await withTaskGroup(of: Int.self) { group in
                for index in 0..<12 {
                    group.addTask { await warden.call("AddUserToGroup", ["GroupName": "g\(index)", "UserName": "alice"]).status }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 10)
            #expect(await warden.call("ListGroupsForUser", ["UserName": "alice"]).values("GroupName").count == 10)
        }
    }

    @Test func deleteGroupRefusesWhilePoliciesRemain() async throws {
        try await WardenHarness.with { warden in
            let created = await warden.call("CreateGroup", ["GroupName": "devs"])
            let groupID = try #require(created.value("GroupId"))
            let account = warden.accountID
            try await warden.client.query(
                """
                INSERT INTO iam_inline_policies (account_id, entity_type, entity_id, name, document)
                VALUES (\(account), 'group', \(groupID), 'p', '{}')
                """, logger: warden.logger)
            #expect(await warden.call("DeleteGroup", ["GroupName": "devs"]).errorMessage == "Cannot delete entity, must delete policies first.")
            try await warden.client.query("DELETE FROM iam_inline_policies WHERE entity_id = \(groupID)", logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO iam_policy_attachments (account_id, policy_arn, entity_type, entity_id)
                VALUES (\(account), 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'group', \(groupID))
                """, logger: warden.logger)
            let attached = await warden.call("DeleteGroup", ["GroupName": "devs"])
            #expect(attached.errorCode == "DeleteConflict")
            #expect(attached.errorMessage == "Cannot delete entity, must detach all policies first.")
        }
    }

    @Test func groupActionsAreAuthorizedOnTheGroupARN() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateGroup", ["GroupName": "devs", "Path": "/teams/"])
            _ = await warden.call("CreateUser", ["UserName": "bob"])
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:AddUserToGroup","Resource":"arn:aws:iam::111122223333:group/teams/*"}]}"#
            guard let key = try? await warden.user("alice", policy: policy) else { return }  // needs PutUserPolicy and CreateAccessKey
            #expect(await warden.call("AddUserToGroup", ["GroupName": "devs", "UserName": "bob"], as: key).status == 200)
            let denied = await warden.call("RemoveUserFromGroup", ["GroupName": "devs", "UserName": "bob"], as: key)
            #expect(denied.errorCode == "AccessDenied")
            #expect(denied.errorMessage?.contains("iam:RemoveUserFromGroup") == true)
            #expect(denied.errorMessage?.contains("arn:aws:iam::111122223333:group/teams/devs") == true)
        }
    }

    @Test func anAccountHasAtMostThreeHundredGroups() async throws {
        try await WardenHarness.with { warden in
            try await warden.client.query(
                """
                INSERT INTO iam_groups (group_id, account_id, name)
                SELECT 'AGPA' || substr(translate(upper(md5(i::text)), '0189', 'WXYZ'), 1, 17), \(warden.accountID), 'bulk' || i
                FROM generate_series(1, 299) AS i
                """, logger: warden.logger)
            #expect(await warden.call("CreateGroup", ["GroupName": "last"]).status == 200)
            let over = await warden.call("CreateGroup", ["GroupName": "one-too-many"])
            #expect(over.errorCode == "LimitExceeded")
            #expect(over.errorMessage == "Cannot exceed quota for GroupsPerAccount: 300")
        }
    }
}
