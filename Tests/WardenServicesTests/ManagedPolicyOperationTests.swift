import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct ManagedPolicyOperationTests {
    static let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}"#
    static let arn = "arn:aws:iam::111122223333:policy/team/reader"

    static func document(_ action: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"\#(action)","Resource":"*"}]}"#
    }

    static func create(_ warden: WardenHarness, name: String = "reader", path: String = "/team/") async -> WardenHarness.Reply {
        await warden.call("CreatePolicy", ["PolicyName": name, "Path": path, "PolicyDocument": document, "Description": "reads",
                                           "Tags.member.1.Key": "team", "Tags.member.1.Value": "data"])
    }

    @Test func createGetListDeletePolicy() async throws {
        try await WardenHarness.with { warden in
            let created = await Self.create(warden)
            #expect(created.status == 200, "\(created)")
            #expect(created.value("Arn") == Self.arn)
            #expect(created.value("PolicyId")?.hasPrefix("ANPA") == true)
            #expect(created.value("DefaultVersionId") == "v1")
            #expect(created.value("AttachmentCount") == "0")
            #expect(created.value("IsAttachable") == "true")
            let again = await Self.create(warden, name: "READER")
            #expect(again.errorCode == "EntityAlreadyExists")
            let got = await warden.call("GetPolicy", ["PolicyArn": Self.arn])
            #expect(got.value("Description") == "reads")
            #expect(got.value("Value") == "data")
            #expect(got.value("PermissionsBoundaryUsageCount") == "0")
            let version = await warden.call("GetPolicyVersion", ["PolicyArn": Self.arn, "VersionId": "v1"])
            #expect(version.value("Document")?.hasPrefix("%7B%22Version%22") == true, "\(version)")
            #expect(version.value("Document")?.removingPercentEncoding == Self.document)
            #expect(version.value("IsDefaultVersion") == "true")
            let local = await warden.call("ListPolicies", ["Scope": "Local"])
            #expect(local.values("Arn") == [Self.arn])
            #expect(local.value("Description") == nil)
            let deleted = await warden.call("DeletePolicy", ["PolicyArn": Self.arn])
            #expect(deleted.status == 200, "\(deleted)")
            let gone = await warden.call("GetPolicy", ["PolicyArn": Self.arn])
            #expect(gone.status == 404)
            #expect(gone.errorMessage == "Policy \(Self.arn) was not found.")
        }
    }

    @Test func badDocumentsAreRefused() async throws {
        try await WardenHarness.with { warden in
            let syntax = await warden.call("CreatePolicy", ["PolicyName": "p", "PolicyDocument": #"{"Version": "2012-10-17", "Statement": ["#])
            #expect(syntax.errorCode == "MalformedPolicyDocument", "\(syntax)")
            let principal = await warden.call("CreatePolicy", [
                "PolicyName": "p",
                "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
            ])
            #expect(principal.errorCode == "MalformedPolicyDocument")
            #expect(principal.errorMessage == "Policy document should not specify a principal.")
            let noResource = await warden.call("CreatePolicy", [
                "PolicyName": "p", "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#,
            ])
            #expect(noResource.errorCode == "MalformedPolicyDocument")
            #expect(noResource.errorMessage?.contains("Resource") == true, "\(noResource)")
            let empty = await warden.call("CreatePolicy", ["PolicyName": "p", "PolicyDocument": "{}"])
            #expect(empty.errorCode == "MalformedPolicyDocument", "\(empty)")
            let actions = (0..<700).map { "\"s3:Get\($0)\"" }.joined(separator: ",")
            let large = await warden.call("CreatePolicy", [
                "PolicyName": "p", "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[\#(actions)],"Resource":"*"}]}"#,
            ])
            #expect(large.errorCode == "LimitExceeded", "\(large)")
            #expect(large.errorMessage == "Cannot exceed quota for PolicySize: 6144")
        }
    }

    @Test func versionsAreLimitedAndNeverReused() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            for index in 2...5 {
                let created = await warden.call("CreatePolicyVersion", ["PolicyArn": Self.arn, "PolicyDocument": Self.document("s3:Get\(index)")])
                #expect(created.value("VersionId") == "v\(index)", "\(created)")
                #expect(created.value("IsDefaultVersion") == "false")
            }
            let sixth = await warden.call("CreatePolicyVersion", ["PolicyArn": Self.arn, "PolicyDocument": Self.document("s3:Get6")])
            #expect(sixth.status == 409)
            #expect(sixth.errorCode == "LimitExceeded")
            #expect(sixth.errorMessage == "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
            let conflict = await warden.call("DeletePolicyVersion", ["PolicyArn": Self.arn, "VersionId": "v1"])
            #expect(conflict.errorCode == "DeleteConflict")
            #expect(conflict.errorMessage == "Cannot delete the default version of a policy.")
            #expect(await warden.call("SetDefaultPolicyVersion", ["PolicyArn": Self.arn, "VersionId": "v4"]).status == 200)
            #expect(await warden.call("GetPolicy", ["PolicyArn": Self.arn]).value("DefaultVersionId") == "v4")
            #expect(await warden.call("DeletePolicyVersion", ["PolicyArn": Self.arn, "VersionId": "v5"]).status == 200)
            let next = await warden.call("CreatePolicyVersion", ["PolicyArn": Self.arn, "PolicyDocument": Self.document("s3:Get7"), "SetAsDefault": "true"])
            #expect(next.value("VersionId") == "v6")
            #expect(next.value("IsDefaultVersion") == "true")
            let listed = await warden.call("ListPolicyVersions", ["PolicyArn": Self.arn])
            #expect(listed.values("VersionId") == ["v6", "v4", "v3", "v2", "v1"])
            #expect(listed.value("Document") == nil)
            let conflicted = await warden.call("DeletePolicy", ["PolicyArn": Self.arn])
            #expect(conflicted.errorCode == "DeleteConflict")
            #expect(conflicted.errorMessage?.hasPrefix("This policy has more than one version.") == true)
            let missing = await warden.call("GetPolicyVersion", ["PolicyArn": Self.arn, "VersionId": "v5"])
            #expect(missing.errorCode == "NoSuchEntity")
        }
    }

    @Test func concurrentVersionCreatesNeverExceedFive() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            let replies = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        await warden.call("CreatePolicyVersion", ["PolicyArn": Self.arn, "PolicyDocument": Self.document("s3:Put\(index)")])
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let created = replies.compactMap { $0.status == 200 ? $0.value("VersionId") : nil }
            #expect(created.count == 4, "\(replies)")
            #expect(Set(created) == ["v2", "v3", "v4", "v5"])
            #expect(replies.filter { $0.status != 200 }.allSatisfy { $0.errorCode == "LimitExceeded" })
            let listed = await warden.call("ListPolicyVersions", ["PolicyArn": Self.arn])
            #expect(listed.values("VersionId").count == 5)
        }
    }

    @Test func attachDetachAndList() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            #expect(await warden.call("AttachUserPolicy", ["UserName": "alice", "PolicyArn": Self.arn]).status == 200)
            #expect(await warden.call("AttachUserPolicy", ["UserName": "ALICE", "PolicyArn": Self.arn]).status == 200)
            #expect(await warden.call("GetPolicy", ["PolicyArn": Self.arn]).value("AttachmentCount") == "1")
            let attached = await warden.call("ListAttachedUserPolicies", ["UserName": "alice"])
            #expect(attached.values("PolicyArn") == [Self.arn])
            #expect(attached.values("PolicyName") == ["reader"])
            #expect(await warden.call("ListAttachedUserPolicies", ["UserName": "alice", "PathPrefix": "/other/"]).values("PolicyArn").isEmpty)
            let entities = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn])
            #expect(entities.values("UserName") == ["alice"])
            #expect(entities.value("UserId")?.hasPrefix("AIDA") == true)
            #expect(entities.body.contains("<PolicyRoles></PolicyRoles>") || entities.body.contains("<PolicyRoles/>"))
            let roles = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn, "EntityFilter": "Role"])
            #expect(roles.values("UserName").isEmpty)
            let conflict = await warden.call("DeletePolicy", ["PolicyArn": Self.arn])
            #expect(conflict.errorCode == "DeleteConflict")
            #expect(conflict.errorMessage == "Cannot delete a policy attached to entities.")
            let ghost = "arn:aws:iam::111122223333:policy/ghost"
            let missing = await warden.call("AttachUserPolicy", ["UserName": "alice", "PolicyArn": ghost])
            #expect(missing.status == 404)
            #expect(missing.errorMessage == "Policy \(ghost) does not exist or is not attachable.")
            let nobody = await warden.call("AttachUserPolicy", ["UserName": "bob", "PolicyArn": Self.arn])
            #expect(nobody.errorMessage == "The user with name bob cannot be found.")
            #expect(await warden.call("DetachUserPolicy", ["UserName": "alice", "PolicyArn": Self.arn]).status == 200)
            let twice = await warden.call("DetachUserPolicy", ["UserName": "alice", "PolicyArn": Self.arn])
            #expect(twice.status == 404)
            #expect(twice.errorCode == "NoSuchEntity")
            #expect(await warden.call("DeletePolicy", ["PolicyArn": Self.arn]).status == 200)
        }
    }

    @Test func aUserHoldsAtMostTenManagedPolicies() async throws {
        try await WardenHarness.with { warden in
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            for index in 0..<11 {
                _ = await warden.call("CreatePolicy", ["PolicyName": "p\(index)", "PolicyDocument": Self.document("s3:Get\(index)")])
            }
            let replies = await withTaskGroup(of: WardenHarness.Reply.self) { group in
                for index in 0..<11 {
                    group.addTask {
                        await warden.call("AttachUserPolicy", ["UserName": "alice", "PolicyArn": "arn:aws:iam::111122223333:policy/p\(index)"])
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 200 }.count == 10, "\(replies)")
            #expect(replies.filter { $0.errorMessage == "Cannot exceed quota for PoliciesPerUser: 10" }.count == 1)
            #expect(await warden.call("ListAttachedUserPolicies", ["UserName": "alice"]).values("PolicyArn").count == 10)
        }
    }

    @Test func awsManagedPoliciesAreListedAndAttachable() async throws {
        try await WardenHarness.with { warden in
            let admin = "arn:aws:iam::aws:policy/AdministratorAccess"
            let got = await warden.call("GetPolicy", ["PolicyArn": admin])
            #expect(got.value("PolicyName") == "AdministratorAccess", "\(got)")
            #expect(got.value("AttachmentCount") == "0")
            let version = await warden.call("GetPolicyVersion", ["PolicyArn": admin, "VersionId": got.value("DefaultVersionId") ?? "v1"])
            #expect(version.value("Document")?.removingPercentEncoding?.contains(#""Action": "*""#) == true, "\(version)")
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            #expect(await warden.call("AttachUserPolicy", ["UserName": "alice", "PolicyArn": admin]).status == 200)
            #expect(await warden.call("GetPolicy", ["PolicyArn": admin]).value("AttachmentCount") == "1")
            let aws = await warden.call("ListPolicies", ["Scope": "AWS", "OnlyAttached": "true"])
            #expect(aws.values("Arn") == [admin])
            _ = await Self.create(warden)
            var seen: [String] = []
            var marker: String?
            repeat {
                var parameters = ["MaxItems": "3"]
                if let marker { parameters["Marker"] = marker }
                let page = await warden.call("ListPolicies", parameters)
                seen += page.values("Arn")
                marker = page.value("IsTruncated") == "true" ? page.value("Marker") : nil
            } while marker != nil
            #expect(seen.count == Set(seen).count)
            #expect(seen.contains(Self.arn))
            #expect(seen.contains(admin))
            let missing = await warden.call("GetPolicy", ["PolicyArn": "arn:aws:iam::aws:policy/NoSuchPolicy"])
            #expect(missing.errorCode == "NoSuchEntity")
        }
    }

    @Test func policyTags() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            #expect(await warden.call("TagPolicy", ["PolicyArn": Self.arn, "Tags.member.1.Key": "x", "Tags.member.1.Value": "1"]).status == 200)
            #expect(await warden.call("ListPolicyTags", ["PolicyArn": Self.arn]).values("Key") == ["team", "x"])
            #expect(await warden.call("UntagPolicy", ["PolicyArn": Self.arn, "TagKeys.member.1": "TEAM"]).status == 200)
            #expect(await warden.call("ListPolicyTags", ["PolicyArn": Self.arn]).values("Key") == ["x"])
        }
    }

    @Test func attachingIsAuthorizedOnTheUserWithThePolicyARN() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            _ = await warden.call("CreateUser", ["UserName": "target"])
            let key = try await warden.user("admin", policy: #"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111122223333:user/target",
                 "Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::111122223333:policy/team/reader"}}}]}
                """#)
            let allowed = await warden.call("AttachUserPolicy", ["UserName": "target", "PolicyArn": Self.arn], as: key)
            #expect(allowed.status == 200, "\(allowed)")
            let denied = await warden.call("AttachUserPolicy", ["UserName": "target", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"], as: key)
            #expect(denied.errorCode == "AccessDenied", "\(denied)")
        }
    }

    @Test func entitiesAndUsageFiltersCoverGroupsRolesAndBoundaries() async throws {
        try await WardenHarness.with { warden in
            _ = await Self.create(warden)
            _ = await warden.call("CreateUser", ["UserName": "alice"])
            try await warden.client.query(
                "INSERT INTO iam_groups (group_id, account_id, name) VALUES ('AGPAAAAAAAAAAAAAAAAAA', \(warden.accountID), 'devs')")
            try await warden.client.query(
                """
                INSERT INTO iam_roles (role_id, account_id, name, path, assume_role_policy)
                VALUES ('AROAAAAAAAAAAAAAAAAAA', \(warden.accountID), 'worker', '/svc/', '{}')
                """)
            #expect(await warden.call("AttachGroupPolicy", ["GroupName": "devs", "PolicyArn": Self.arn]).status == 200)
            #expect(await warden.call("AttachRolePolicy", ["RoleName": "worker", "PolicyArn": Self.arn]).status == 200)
            #expect(await warden.call("PutUserPermissionsBoundary", ["UserName": "alice", "PermissionsBoundary": Self.arn]).status == 200)
            let got = await warden.call("GetPolicy", ["PolicyArn": Self.arn])
            #expect(got.value("AttachmentCount") == "2")
            #expect(got.value("PermissionsBoundaryUsageCount") == "1")
            let all = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn])
            #expect(all.values("GroupName") == ["devs"])
            #expect(all.values("RoleName") == ["worker"])
            #expect(all.values("UserName") == ["alice"])
            let boundaries = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn, "PolicyUsageFilter": "PermissionsBoundary"])
            #expect(boundaries.values("UserName") == ["alice"])
            #expect(boundaries.values("GroupName").isEmpty)
            let prefixed = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn, "PathPrefix": "/svc/"])
            #expect(prefixed.values("RoleName") == ["worker"])
            #expect(prefixed.values("GroupName").isEmpty)
            let paged = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn, "MaxItems": "2"])
            #expect(paged.value("IsTruncated") == "true")
            let rest = await warden.call("ListEntitiesForPolicy", ["PolicyArn": Self.arn, "Marker": paged.value("Marker") ?? ""])
            #expect(paged.values("GroupName") + paged.values("UserName") + rest.values("RoleName") == ["devs", "alice", "worker"])
            let used = await warden.call("ListPolicies", ["Scope": "Local", "PolicyUsageFilter": "PermissionsBoundary"])
            #expect(used.values("Arn") == [Self.arn])
            #expect(await warden.call("DetachGroupPolicy", ["GroupName": "devs", "PolicyArn": Self.arn]).status == 200)
            #expect(await warden.call("DetachRolePolicy", ["RoleName": "worker", "PolicyArn": Self.arn]).status == 200)
            let boundary = await warden.call("DeletePolicy", ["PolicyArn": Self.arn])
            #expect(boundary.errorCode == "DeleteConflict", "a policy in use as a boundary is not deleted")
        }
    }
}
