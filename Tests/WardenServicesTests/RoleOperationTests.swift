import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct RoleOperationTests {
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static let encodedTrust = trust.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))

    @Test func createGetListDeleteRole() async throws {
        try await WardenHarness.with { warden in
            let created = await warden.call(
                "CreateRole",
                [
                    "RoleName": "app", "Path": "/svc/", "AssumeRolePolicyDocument": Self.trust, "Description": "first",
                    "MaxSessionDuration": "7200", "Tags.member.1.Key": "env", "Tags.member.1.Value": "test",
                ])
            #expect(created.status == 200, "\(created)")
            #expect(created.value("Arn") == "arn:aws:iam::111122223333:role/svc/app")
            let roleID = try #require(created.value("RoleId"))
            #expect(roleID.hasPrefix("AROA") && roleID.count == 21)
            #expect(created.value("AssumeRolePolicyDocument") == Self.encodedTrust)

            let got = await warden.call("GetRole", ["RoleName": "APP"])
            #expect(got.status == 200, "\(got)")
            #expect(got.value("RoleName") == "app")
            #expect(got.value("RoleId") == roleID)
            #expect(got.value("AssumeRolePolicyDocument") == Self.encodedTrust)
            #expect(got.value("Description") == "first")
            #expect(got.value("MaxSessionDuration") == "7200")
            #expect(got.value("Value") == "test")
            #expect(got.body.contains("<RoleLastUsed"))

            _ = await warden.call("CreateRole", ["RoleName": "plain", "AssumeRolePolicyDocument": Self.trust])
            let plain = await warden.call("GetRole", ["RoleName": "plain"])
            #expect(plain.value("MaxSessionDuration") == "3600")
            #expect(plain.value("Path") == "/")

            let listed = await warden.call("ListRoles")
            #expect(listed.values("RoleName") == ["app", "plain"])
            #expect(!listed.body.contains("<Tags>"))
            #expect(!listed.body.contains("RoleLastUsed"))
            #expect(listed.values("AssumeRolePolicyDocument").count == 2)
            #expect(await warden.call("ListRoles", ["PathPrefix": "/svc/"]).values("RoleName") == ["app"])
            let page = await warden.call("ListRoles", ["MaxItems": "1"])
            #expect(page.value("IsTruncated") == "true")
            #expect(await warden.call("ListRoles", ["MaxItems": "1", "Marker": page.value("Marker") ?? ""]).values("RoleName") == ["plain"])

            #expect(await warden.call("DeleteRole", ["RoleName": "app"]).status == 200)
            let gone = await warden.call("GetRole", ["RoleName": "app"])
            #expect(gone.status == 404)
            #expect(gone.errorMessage == "The role with name app cannot be found.")
            #expect(await warden.call("DeleteRole", ["RoleName": "app"]).errorCode == "NoSuchEntity")
        }
    }

    @Test func createRoleChecksItsInput() async throws {
        try await WardenHarness.with { warden in
            let notJSON = await warden.call("CreateRole", ["RoleName": "bad", "AssumeRolePolicyDocument": "{not json"])
            #expect(notJSON.status == 400)
            #expect(notJSON.errorCode == "MalformedPolicyDocument")
            let noPrincipal = await warden.call(
                "CreateRole",
                ["RoleName": "bad", "AssumeRolePolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#])
            #expect(noPrincipal.errorCode == "MalformedPolicyDocument")
            #expect(noPrincipal.errorMessage?.contains("Principal") == true, "\(noPrincipal)")
            for seconds in ["3599", "43201"] {
                let reply = await warden.call("CreateRole", ["RoleName": "bad", "AssumeRolePolicyDocument": Self.trust, "MaxSessionDuration": seconds])
                #expect(reply.errorCode == "ValidationError")
                #expect(reply.errorMessage?.contains("maxSessionDuration") == true)
            }
            let reserved = await warden.call("CreateRole", ["RoleName": "bad", "Path": "/aws-service-role/x/", "AssumeRolePolicyDocument": Self.trust])
            #expect(reserved.errorCode == "InvalidInput")
            let boundary = await warden.call(
                "CreateRole", ["RoleName": "bad", "AssumeRolePolicyDocument": Self.trust, "PermissionsBoundary": "arn:aws:iam::111122223333:policy/none"])
            #expect(boundary.errorCode == "NoSuchEntity")
            #expect(await warden.call("GetRole", ["RoleName": "bad"]).errorCode == "NoSuchEntity")
            _ = await warden.call("CreateRole", ["RoleName": "Dup", "AssumeRolePolicyDocument": Self.trust])
            let again = await warden.call("CreateRole", ["RoleName": "dup", "AssumeRolePolicyDocument": Self.trust])
            #expect(again.status == 409)
            #expect(again.errorCode == "EntityAlreadyExists")
            #expect(again.errorMessage == "Role with name dup already exists.")
        }
    }

    @Test func twoConcurrentCreatesOfOneRoleGiveOneEntityAlreadyExists() async throws {
        try await WardenHarness.with { warden in
            let replies = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                for _ in 0..<2 {
                    group.addTask { await warden.call("CreateRole", ["RoleName": "racer", "AssumeRolePolicyDocument": Self.trust]) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.map(\.status).sorted() == [200, 409])
            #expect(replies.compactMap(\.errorCode) == ["EntityAlreadyExists"])
        }
    }

    @Test func updateRoleDescriptionAndTrust() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateRole", ["RoleName": "app", "AssumeRolePolicyDocument": Self.trust])
            #expect(await warden.call("UpdateRole", ["RoleName": "app", "Description": "second", "MaxSessionDuration": "10800"]).status == 200)
            let got = await warden.call("GetRole", ["RoleName": "app"])
            #expect(got.value("Description") == "second")
            #expect(got.value("MaxSessionDuration") == "10800")
            #expect(await warden.call("UpdateRole", ["RoleName": "app", "MaxSessionDuration": "43201"]).errorCode == "ValidationError")
            #expect(await warden.call("UpdateRole", ["RoleName": "ghost"]).errorCode == "NoSuchEntity")

            let described = await warden.call("UpdateRoleDescription", ["RoleName": "app", "Description": "third"])
            #expect(described.value("Description") == "third")
            #expect(described.value("Arn") == "arn:aws:iam::111122223333:role/app")

            let lambda = Self.trust.replacingOccurrences(of: "ec2", with: "lambda")
            #expect(await warden.call("UpdateAssumeRolePolicy", ["RoleName": "app", "PolicyDocument": lambda]).status == 200)
            #expect(await warden.call("GetRole", ["RoleName": "app"]).value("AssumeRolePolicyDocument")?.contains("lambda") == true)
            let malformed = await warden.call("UpdateAssumeRolePolicy", ["RoleName": "app", "PolicyDocument": "[]"])
            #expect(malformed.errorCode == "MalformedPolicyDocument")
        }
    }

    @Test func tagsAndBoundary() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateRole", ["RoleName": "app", "AssumeRolePolicyDocument": Self.trust])
            let tagged = await warden.call(
                "TagRole", ["RoleName": "app", "Tags.member.1.Key": "a", "Tags.member.1.Value": "1", "Tags.member.2.Key": "b", "Tags.member.2.Value": "2"])
            #expect(tagged.status == 200, "\(tagged)")
            #expect(await warden.call("ListRoleTags", ["RoleName": "app"]).values("Key") == ["a", "b"])
            #expect(await warden.call("UntagRole", ["RoleName": "app", "TagKeys.member.1": "A"]).status == 200)
            #expect(await warden.call("ListRoleTags", ["RoleName": "app"]).values("Key") == ["b"])
            #expect(await warden.call("TagRole", ["RoleName": "ghost", "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"]).errorCode == "NoSuchEntity")

            let boundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            let put = await warden.call("PutRolePermissionsBoundary", ["RoleName": "app", "PermissionsBoundary": boundary])
            #expect(put.status == 200, "\(put)")
            let got = await warden.call("GetRole", ["RoleName": "app"])
            #expect(got.value("PermissionsBoundaryArn") == boundary)
            #expect(got.value("PermissionsBoundaryType") == "PermissionsBoundaryPolicy")
            let missing = await warden.call("PutRolePermissionsBoundary", ["RoleName": "app", "PermissionsBoundary": "arn:aws:iam::111122223333:policy/none"])
            #expect(missing.errorCode == "NoSuchEntity")
            #expect(await warden.call("DeleteRolePermissionsBoundary", ["RoleName": "app"]).status == 200)
            #expect(await warden.call("GetRole", ["RoleName": "app"]).value("PermissionsBoundaryArn") == nil)
        }
    }

    @Test func deleteRoleRefusesWhilePoliciesRemain() async throws {
        try await WardenHarness.with { warden in
            let roleID = try #require(await warden.call("CreateRole", ["RoleName": "app", "AssumeRolePolicyDocument": Self.trust]).value("RoleId"))
            let account = warden.accountID
            try await warden.client.query(
                """
                INSERT INTO iam_inline_policies (account_id, entity_type, entity_id, name, document)
                VALUES (\(account), 'role', \(roleID), 'p', '{}')
                """, logger: warden.logger)
            let inline = await warden.call("DeleteRole", ["RoleName": "app"])
            #expect(inline.status == 409)
            #expect(inline.errorMessage == "Cannot delete entity, must delete policies first.")
            try await warden.client.query("DELETE FROM iam_inline_policies WHERE entity_id = \(roleID)", logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO iam_policy_attachments (account_id, policy_arn, entity_type, entity_id)
                VALUES (\(account), 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'role', \(roleID))
                """, logger: warden.logger)
            #expect(await warden.call("DeleteRole", ["RoleName": "app"]).errorMessage == "Cannot delete entity, must detach all policies first.")
        }
    }

    @Test func serviceLinkedRoleLifecycle() async throws {
        try await WardenHarness.with { warden in
            let created = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "elasticbeanstalk.amazonaws.com"])
            #expect(created.status == 200, "\(created)")
            #expect(created.value("RoleName") == "AWSServiceRoleForElasticBeanstalk")
            #expect(created.value("Path") == "/aws-service-role/elasticbeanstalk.amazonaws.com/")
            #expect(created.value("Arn") == "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk")
            let document = created.value("AssumeRolePolicyDocument")?.removingPercentEncoding ?? ""
            #expect(document.contains("elasticbeanstalk.amazonaws.com") && document.contains("sts:AssumeRole"))
            let taken = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "elasticbeanstalk.amazonaws.com"])
            #expect(taken.errorCode == "InvalidInput")
            #expect(taken.errorMessage == "Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix.")
            let suffixed = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "autoscaling.amazonaws.com", "CustomSuffix": "web"])
            #expect(suffixed.value("RoleName") == "AWSServiceRoleForAutoScaling_web")
            #expect(await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "widgets.amazonaws.com"]).value("RoleName") == "AWSServiceRoleForWidgets")
            #expect(await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "example.com"]).errorCode == "InvalidInput")

            let protected = await warden.call("DeleteRole", ["RoleName": "AWSServiceRoleForElasticBeanstalk"])
            #expect(protected.errorCode == "UnmodifiableEntity")
            #expect(protected.errorMessage == "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS")
            #expect(await warden.call("UpdateAssumeRolePolicy", ["RoleName": "AWSServiceRoleForElasticBeanstalk", "PolicyDocument": Self.trust]).errorCode == "UnmodifiableEntity")

            let deleted = await warden.call("DeleteServiceLinkedRole", ["RoleName": "AWSServiceRoleForElasticBeanstalk"])
            #expect(deleted.status == 200, "\(deleted)")
            let task = try #require(deleted.value("DeletionTaskId"))
            #expect(task.hasPrefix("task/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk/"))
            let status = await warden.call("GetServiceLinkedRoleDeletionStatus", ["DeletionTaskId": task])
            #expect(status.value("Status") == "SUCCEEDED", "\(status)")
            #expect(await warden.call("GetRole", ["RoleName": "AWSServiceRoleForElasticBeanstalk"]).errorCode == "NoSuchEntity")
            let unknown = await warden.call("GetServiceLinkedRoleDeletionStatus", ["DeletionTaskId": "task/aws-service-role/x.amazonaws.com/R/1"])
            #expect(unknown.errorCode == "NoSuchEntity")

            _ = await warden.call("CreateRole", ["RoleName": "app", "AssumeRolePolicyDocument": Self.trust])
            #expect(await warden.call("DeleteServiceLinkedRole", ["RoleName": "app"]).errorCode == "InvalidInput")
        }
    }

    @Test func createServiceLinkedRoleIsAuthorizedOnTheRoleARNWithTheServiceName() async throws {
        try await WardenHarness.with { warden in
            let policy = #"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole",
                "Resource":"arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*",
                "Condition":{"StringLike":{"iam:AWSServiceName":"autoscaling.amazonaws.com"}}}]}
                """#
            guard let key = try? await warden.user("alice", policy: policy) else { return }  // needs PutUserPolicy and CreateAccessKey
            let allowed = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "autoscaling.amazonaws.com"], as: key)
            #expect(allowed.status == 200, "\(allowed)")
            let denied = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "ecs.amazonaws.com"], as: key)
            #expect(denied.errorCode == "AccessDenied")
        }
    }

    @Test func anAccountHasAtMostOneThousandRoles() async throws {
        try await WardenHarness.with { warden in
            try await warden.client.query(
                """
                INSERT INTO iam_roles (role_id, account_id, name, assume_role_policy)
                SELECT 'AROA' || substr(translate(upper(md5(i::text)), '0189', 'WXYZ'), 1, 17), \(warden.accountID), 'bulk' || i, '{}'
                FROM generate_series(1, 999) AS i
                """, logger: warden.logger)
            #expect(await warden.call("CreateRole", ["RoleName": "last", "AssumeRolePolicyDocument": Self.trust]).status == 200)
            let over = await warden.call("CreateRole", ["RoleName": "one-too-many", "AssumeRolePolicyDocument": Self.trust])
            #expect(over.errorCode == "LimitExceeded")
            #expect(over.errorMessage == "Cannot exceed quota for RolesPerAccount: 1000")
            let linked = await warden.call("CreateServiceLinkedRole", ["AWSServiceName": "ecs.amazonaws.com"])
            #expect(linked.errorCode == "LimitExceeded")
        }
    }
}
