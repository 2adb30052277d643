import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

@Suite struct PolicyAttachmentOperationTests {
    static let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    @Test func detachResolvesTheARNAsAttachDoes() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreatePolicy", ["PolicyName": "Reader", "Path": "/team/", "PolicyDocument": Self.document]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            #expect(await warden.call("CreateGroup", ["GroupName": "devs"]).status == 200)
            #expect(await warden.call("CreateRole", ["RoleName": "worker", "AssumeRolePolicyDocument": Self.trust]).status == 200)
            let stored = "arn:aws:iam::111122223333:policy/team/Reader"
            for (kind, key, name) in [("User", "UserName", "alice"), ("Group", "GroupName", "devs"), ("Role", "RoleName", "worker")] {
                let attached = await warden.call("Attach\(kind)Policy", [key: name, "PolicyArn": "arn:aws:iam::111122223333:policy/team/reader"])
                #expect(attached.status == 200, "\(kind): \(attached)")
                #expect(await warden.call("ListAttached\(kind)Policies", [key: name]).values("PolicyArn") == [stored])
                let detached = await warden.call("Detach\(kind)Policy", [key: name, "PolicyArn": "arn:aws:iam::111122223333:policy/team/READER"])
                #expect(detached.status == 200, "\(kind): \(detached)")
                #expect(await warden.call("ListAttached\(kind)Policies", [key: name]).values("PolicyArn").isEmpty)
                let twice = await warden.call("Detach\(kind)Policy", [key: name, "PolicyArn": "arn:aws:iam::111122223333:policy/team/READER"])
                #expect(twice.errorCode == "NoSuchEntity", "\(kind): \(twice)")
            }
            #expect(await warden.call("GetPolicy", ["PolicyArn": stored]).value("AttachmentCount") == "0")
            #expect(await warden.call("DeletePolicy", ["PolicyArn": stored]).status == 200)
        }
    }

    @Test func listPoliciesCountsAWSPoliciesUsage() async throws {
        try await WardenHarness.with { warden in
            let admin = "arn:aws:iam::aws:policy/AdministratorAccess"
            let readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            #expect(await warden.call("CreateRole", ["RoleName": "worker", "AssumeRolePolicyDocument": Self.trust]).status == 200)
            #expect(await warden.call("AttachUserPolicy", ["UserName": "alice", "PolicyArn": admin]).status == 200)
            #expect(await warden.call("AttachRolePolicy", ["RoleName": "worker", "PolicyArn": admin]).status == 200)
            #expect(await warden.call("PutUserPermissionsBoundary", ["UserName": "alice", "PermissionsBoundary": readOnly]).status == 200)
            #expect(await warden.call("PutRolePermissionsBoundary", ["RoleName": "worker", "PermissionsBoundary": readOnly]).status == 200)

            let all = await warden.call("ListPolicies", ["Scope": "AWS"])
            let arns = all.values("Arn")
            let attachments = all.values("AttachmentCount")
            let boundaries = all.values("PermissionsBoundaryUsageCount")
            #expect(arns.count == attachments.count && arns.count == boundaries.count, "\(all)")
            let usage = Dictionary(uniqueKeysWithValues: zip(arns, zip(attachments, boundaries)).map { ($0.0, "\($0.1.0)/\($0.1.1)") })
            #expect(usage[admin] == "2/0")
            #expect(usage[readOnly] == "0/2")
            #expect(usage["arn:aws:iam::aws:policy/IAMFullAccess"] == "0/0")

            #expect(await warden.call("ListPolicies", ["Scope": "AWS", "OnlyAttached": "true"]).values("Arn") == [admin])
            let used = await warden.call("ListPolicies", ["Scope": "AWS", "PolicyUsageFilter": "PermissionsBoundary"])
            #expect(used.values("Arn") == [readOnly])
            #expect(used.value("PermissionsBoundaryUsageCount") == "2")

            // Page by page, each AWS policy still carries its own usage.
            var paged: [String: String] = [:]
            var marker: String?
            repeat {
                var parameters = ["Scope": "AWS", "MaxItems": "2"]
                if let marker { parameters["Marker"] = marker }
                let page = await warden.call("ListPolicies", parameters)
                for (arn, (attached, bounded)) in zip(page.values("Arn"), zip(page.values("AttachmentCount"), page.values("PermissionsBoundaryUsageCount"))) {
                    paged[arn] = "\(attached)/\(bounded)"
                }
                marker = page.value("IsTruncated") == "true" ? page.value("Marker") : nil
            } while marker != nil
            #expect(paged == usage)
        }
    }

    @Test func permissionsBoundariesAreIndexed() async throws {
        try await WardenHarness.with { warden in
            let rows = try await warden.client.query(
                """
                SELECT indexname FROM pg_indexes
                WHERE tablename IN ('iam_users', 'iam_roles') AND indexdef LIKE '%(account_id, permissions_boundary)%'
                  AND indexdef LIKE '%WHERE (permissions_boundary IS NOT NULL)%'
                ORDER BY indexname
                """)
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            #expect(names == ["iam_roles_permissions_boundary", "iam_users_permissions_boundary"])
        }
    }
}
