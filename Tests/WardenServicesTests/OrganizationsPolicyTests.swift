import Foundation
import PostgresNIO
import Testing
@testable import WardenServices
import WardenTestSupport

/// Service and resource control policies: their life, their attachments, effective management policies
/// and tags, as AWS Organizations answers them.
@Suite struct OrganizationsPolicyTests {
    static let member = "444455556666"
    static let deny = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#
    static let rcp = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#

    struct SetupFailed: Error, CustomStringConvertible {
        let description: String
    }

    struct Organization {
        let id: String
        let rootID: String
        let unitID: String
    }

    /// An organization managed by the harness account, SCPs enabled, with an OU holding a member account.
    static func organization(_ warden: WardenHarness, enable types: [String] = ["SERVICE_CONTROL_POLICY"]) async throws -> Organization {
        let created = await warden.json("CreateOrganization", ["FeatureSet": "ALL"])
        guard created.status == 200, let id = created.string("Organization.Id") else { throw SetupFailed(description: "CreateOrganization: \(created)") }
        let roots = await warden.json("ListRoots")
        guard let rootID = roots.list("Roots").first?["Id"] as? String else { throw SetupFailed(description: "ListRoots: \(roots)") }
        let unit = await warden.json("CreateOrganizationalUnit", ["ParentId": rootID, "Name": "Workloads"])
        guard let unitID = unit.string("OrganizationalUnit.Id") else { throw SetupFailed(description: "CreateOrganizationalUnit: \(unit)") }
        try await warden.client.query(
            "INSERT INTO accounts (account_id, name, email) VALUES (\(member), 'member', 'member@example.com')", logger: warden.logger)
        try await warden.client.query(
            "INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method) VALUES (\(member), \(id), \(unitID), 'CREATED')",
            logger: warden.logger)
        for type in types {
            let enabled = await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": type])
            guard enabled.status == 200 else { throw SetupFailed(description: "EnablePolicyType: \(enabled)") }
        }
        return Organization(id: id, rootID: rootID, unitID: unitID)
    }

    static func createPolicy(
        _ warden: WardenHarness, _ name: String, type: String = "SERVICE_CONTROL_POLICY", content: String = deny
    ) async throws -> String {
        let reply = await warden.json("CreatePolicy", ["Name": name, "Description": "d", "Type": type, "Content": content])
        guard reply.status == 200, let id = reply.string("Policy.PolicySummary.Id") else { throw SetupFailed(description: "CreatePolicy: \(reply)") }
        return id
    }

    static func ids(_ reply: WardenHarness.JSONReply, _ list: String, _ member: String = "Id") -> Set<String> {
        Set(reply.list(list).compactMap { $0[member] as? String })
    }

    @Test func policyLifecycle() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.json("ListPolicies", ["Filter": "SERVICE_CONTROL_POLICY"]).errorCode == "AWSOrganizationsNotInUseException")
            let organization = try await Self.organization(warden)
            let created = await warden.json(
                "CreatePolicy", ["Name": "DenyDelete", "Description": "no deletes", "Type": "SERVICE_CONTROL_POLICY", "Content": Self.deny])
            #expect(created.status == 200, "\(created)")
            let id = try #require(created.string("Policy.PolicySummary.Id"))
            #expect(id.wholeMatch(of: /p-[0-9a-z]{8,128}/) != nil)
            #expect(
                created.string("Policy.PolicySummary.Arn")
                    == "arn:aws:organizations::\(warden.accountID):policy/\(organization.id)/service_control_policy/\(id)")
            #expect(created["Policy.PolicySummary.AwsManaged"] as? Bool == false)
            #expect(created.string("Policy.PolicySummary.Description") == "no deletes")
            #expect(created.string("Policy.Content") == Self.deny)

            let described = await warden.json("DescribePolicy", ["PolicyId": id])
            #expect(described.string("Policy.PolicySummary.Name") == "DenyDelete")
            #expect(described.string("Policy.Content") == Self.deny)

            // Names are unique within a type, not across types.
            let again = await warden.json("CreatePolicy", ["Name": "DenyDelete", "Description": "", "Type": "SERVICE_CONTROL_POLICY", "Content": Self.deny])
            #expect(again.errorCode == "DuplicatePolicyException", "\(again)")
            _ = try await Self.createPolicy(warden, "DenyDelete", type: "RESOURCE_CONTROL_POLICY", content: Self.rcp)

            let managed = await warden.json("DescribePolicy", ["PolicyId": "p-FullAWSAccess"])
            #expect(managed.string("Policy.PolicySummary.Arn") == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess")
            #expect(managed["Policy.PolicySummary.AwsManaged"] as? Bool == true)
            #expect(await warden.json("UpdatePolicy", ["PolicyId": "p-FullAWSAccess", "Name": "Mine"])["Reason"] as? String == "IMMUTABLE_POLICY")
            #expect(await warden.json("DeletePolicy", ["PolicyId": "p-FullAWSAccess"]).errorCode == "InvalidInputException")

            let listed = await warden.json("ListPolicies", ["Filter": "SERVICE_CONTROL_POLICY"])
            #expect(Self.ids(listed, "Policies") == [id, "p-FullAWSAccess"])
            let first = await warden.json("ListPolicies", ["Filter": "SERVICE_CONTROL_POLICY", "MaxResults": 1])
            let token = try #require(first.string("NextToken"))
            let second = await warden.json("ListPolicies", ["Filter": "SERVICE_CONTROL_POLICY", "MaxResults": 1, "NextToken": token])
            #expect(second.string("NextToken") == nil)
            #expect(Self.ids(first, "Policies").union(Self.ids(second, "Policies")) == [id, "p-FullAWSAccess"])

            let other = try await Self.createPolicy(warden, "Other")
            let renamed = await warden.json("UpdatePolicy", ["PolicyId": id, "Name": "Renamed", "Description": "changed"])
            #expect(renamed.string("Policy.PolicySummary.Name") == "Renamed", "\(renamed)")
            #expect(renamed.string("Policy.Content") == Self.deny)
            #expect(await warden.json("UpdatePolicy", ["PolicyId": id, "Name": "Other"]).errorCode == "DuplicatePolicyException")
            let content = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}"#
            #expect(await warden.json("UpdatePolicy", ["PolicyId": id, "Content": content]).string("Policy.Content") == content)
            #expect(await warden.json("DescribePolicy", ["PolicyId": id]).string("Policy.PolicySummary.Description") == "changed")

            #expect(await warden.json("DeletePolicy", ["PolicyId": other]).status == 200)
            #expect(await warden.json("DescribePolicy", ["PolicyId": other]).errorCode == "PolicyNotFoundException")
            #expect(await warden.json("DeletePolicy", ["PolicyId": other]).errorCode == "PolicyNotFoundException")
            #expect(await warden.json("UpdatePolicy", ["PolicyId": "p-doesnotexist", "Name": "x"]).errorCode == "PolicyNotFoundException")
        }
    }

    @Test func documentsAreValidatedForTheirType() async throws {
        try await WardenHarness.with { warden in
            _ = try await Self.organization(warden)
            func create(_ content: String, type: String = "SERVICE_CONTROL_POLICY") async -> WardenHarness.JSONReply {
                await warden.json("CreatePolicy", ["Name": "p\(content.count)\(type.count)", "Description": "", "Type": type, "Content": content])
            }
            let broken = await create("{not json")
            #expect(broken.errorCode == "MalformedPolicyDocumentException", "\(broken)")
            let principal = await create(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#)
            #expect(principal.errorCode == "MalformedPolicyDocumentException", "\(principal)")
            #expect(principal.errorMessage?.contains("Principal") == true, "\(principal)")
            let noPrincipal = await create(Self.deny, type: "RESOURCE_CONTROL_POLICY")
            #expect(noPrincipal.errorCode == "MalformedPolicyDocumentException", "\(noPrincipal)")
            #expect(await create(Self.rcp, type: "RESOURCE_CONTROL_POLICY").status == 200)

            // 5,120 characters, whitespace included, and not one more.
            let padding = 5_120 - Self.deny.utf8.count
            let largest = Self.deny.replacingOccurrences(of: "{\"Version\"", with: "{" + String(repeating: " ", count: padding) + "\"Version\"")
            #expect(largest.utf8.count == 5_120)
            let fits = await create(largest)
            #expect(fits.status == 200, "\(fits)")
            let tooLarge = await create(largest + " ")
            #expect(tooLarge.errorCode == "ConstraintViolationException", "\(tooLarge)")
            #expect(tooLarge["Reason"] as? String == "POLICY_CONTENT_LIMIT_EXCEEDED")

            // Management policies: JSON objects.
            #expect(await create(#"{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}"#, type: "TAG_POLICY").status == 200)
            #expect(await create("[1]", type: "TAG_POLICY").errorCode == "MalformedPolicyDocumentException")
        }
    }

    @Test func attachingAndDetaching() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            let policy = try await Self.createPolicy(warden, "DenyDelete")
            for target in [organization.rootID, organization.unitID, Self.member] {
                let attached = await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": target])
                #expect(attached.status == 200, "\(attached)")
            }
            let duplicate = await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": organization.unitID])
            #expect(duplicate.errorCode == "DuplicatePolicyAttachmentException")
            #expect(await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": "999988887777"]).errorCode == "TargetNotFoundException")
            let missingUnit = "ou-\(organization.rootID.dropFirst(2))-zzzzzzzz"
            #expect(await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": missingUnit]).errorCode == "TargetNotFoundException")
            #expect(await warden.json("AttachPolicy", ["PolicyId": "p-doesnotexist", "TargetId": Self.member]).errorCode == "PolicyNotFoundException")
            let rcp = try await Self.createPolicy(warden, "R", type: "RESOURCE_CONTROL_POLICY", content: Self.rcp)
            #expect(await warden.json("AttachPolicy", ["PolicyId": rcp, "TargetId": Self.member]).errorCode == "PolicyTypeNotEnabledException")

            let targets = await warden.json("ListTargetsForPolicy", ["PolicyId": policy])
            #expect(Self.ids(targets, "Targets", "TargetId") == [organization.rootID, organization.unitID, Self.member])
            let byID = Dictionary(uniqueKeysWithValues: targets.list("Targets").map { ($0["TargetId"] as? String ?? "", $0) })
            #expect(byID[organization.rootID]?["Type"] as? String == "ROOT")
            #expect(byID[organization.rootID]?["Arn"] as? String == "arn:aws:organizations::\(warden.accountID):root/\(organization.id)/\(organization.rootID)")
            #expect(byID[organization.unitID]?["Type"] as? String == "ORGANIZATIONAL_UNIT")
            #expect(byID[organization.unitID]?["Name"] as? String == "Workloads")
            #expect(byID[Self.member]?["Type"] as? String == "ACCOUNT")
            #expect(byID[Self.member]?["Name"] as? String == "member")
            #expect(byID[Self.member]?["Arn"] as? String == "arn:aws:organizations::\(warden.accountID):account/\(organization.id)/\(Self.member)")
            let page = await warden.json("ListTargetsForPolicy", ["PolicyId": policy, "MaxResults": 2])
            #expect(page.list("Targets").count == 2 && page.string("NextToken") != nil)

            let forMember = await warden.json("ListPoliciesForTarget", ["TargetId": Self.member, "Filter": "SERVICE_CONTROL_POLICY"])
            #expect(Self.ids(forMember, "Policies") == [policy, "p-FullAWSAccess"], "\(forMember)")
            #expect(await warden.json("ListPoliciesForTarget", ["TargetId": Self.member, "Filter": "TAG_POLICY"]).list("Policies").isEmpty)
            #expect(
                await warden.json("ListPoliciesForTarget", ["TargetId": "999988887777", "Filter": "SERVICE_CONTROL_POLICY"]).errorCode
                    == "TargetNotFoundException")

            #expect(await warden.json("DeletePolicy", ["PolicyId": policy]).errorCode == "PolicyInUseException")

            // Every target keeps at least one SCP: FullAWSAccess can go once another is attached, not the last.
            #expect(await warden.json("DetachPolicy", ["PolicyId": "p-FullAWSAccess", "TargetId": Self.member]).status == 200)
            let last = await warden.json("DetachPolicy", ["PolicyId": policy, "TargetId": Self.member])
            #expect(last.errorCode == "ConstraintViolationException", "\(last)")
            #expect(last["Reason"] as? String == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
            let notAttached = await warden.json("DetachPolicy", ["PolicyId": "p-FullAWSAccess", "TargetId": Self.member])
            #expect(notAttached.errorCode == "PolicyNotAttachedException")
            #expect(await warden.json("DetachPolicy", ["PolicyId": policy, "TargetId": "999988887777"]).errorCode == "TargetNotFoundException")

            for target in [organization.rootID, organization.unitID] {
                #expect(await warden.json("DetachPolicy", ["PolicyId": policy, "TargetId": target]).status == 200)
            }
            #expect(await warden.json("AttachPolicy", ["PolicyId": "p-FullAWSAccess", "TargetId": Self.member]).status == 200)
            #expect(await warden.json("DetachPolicy", ["PolicyId": policy, "TargetId": Self.member]).status == 200)
            #expect(await warden.json("ListTargetsForPolicy", ["PolicyId": policy]).list("Targets").isEmpty)
            #expect(await warden.json("DeletePolicy", ["PolicyId": policy]).status == 200)
        }
    }

    @Test func resourceControlPolicies() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden, enable: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"])
            let rcp = try await Self.createPolicy(warden, "NoPublicS3", type: "RESOURCE_CONTROL_POLICY", content: Self.rcp)
            #expect(await warden.json("AttachPolicy", ["PolicyId": rcp, "TargetId": organization.unitID]).status == 200)
            let listed = await warden.json("ListPoliciesForTarget", ["TargetId": organization.unitID, "Filter": "RESOURCE_CONTROL_POLICY"])
            #expect(Self.ids(listed, "Policies") == [rcp, "p-RCPFullAWSAccess"], "\(listed)")
            let fixed = await warden.json("DetachPolicy", ["PolicyId": "p-RCPFullAWSAccess", "TargetId": organization.unitID])
            #expect(fixed.errorCode == "InvalidInputException", "\(fixed)")
            #expect(fixed["Reason"] as? String == "NON_DETACHABLE_POLICY")
            #expect(await warden.json("DetachPolicy", ["PolicyId": rcp, "TargetId": organization.unitID]).status == 200)
        }
    }

    @Test func atMostFivePoliciesOfATypePerTarget() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            var policies: [String] = []
            for index in 0..<5 { policies.append(try await Self.createPolicy(warden, "P\(index)")) }
            for policy in policies.prefix(4) {
                #expect(await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": organization.unitID]).status == 200)
            }
            let sixth = await warden.json("AttachPolicy", ["PolicyId": policies[4], "TargetId": organization.unitID])
            #expect(sixth.errorCode == "ConstraintViolationException", "\(sixth)")
            #expect(sixth["Reason"] as? String == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
        }
    }

    @Test func concurrentAttachmentsNeverExceedTheQuota() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            var policies: [String] = []
            for index in 0..<10 { policies.append(try await Self.createPolicy(warden, "C\(index)")) }
            let statuses = await withTaskGroup(of: String?.self) { group in
                for policy in policies {
                    group.addTask { await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": Self.member]).errorCode }
                }
                var codes: [String?] = []
                for await code in group { codes.append(code) }
                return codes
            }
            // FullAWSAccess is attached already: four more fit.
            #expect(statuses.filter { $0 == nil }.count == 4, "\(statuses)")
            #expect(statuses.filter { $0 == "ConstraintViolationException" }.count == 6, "\(statuses)")
            let attached = await warden.json("ListPoliciesForTarget", ["TargetId": Self.member, "Filter": "SERVICE_CONTROL_POLICY"])
            #expect(attached.list("Policies").count == 5)
            _ = organization
        }
    }

    @Test func tagging() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            let created = await warden.json(
                "CreatePolicy",
                [
                    "Name": "Tagged", "Description": "", "Type": "SERVICE_CONTROL_POLICY", "Content": Self.deny,
                    "Tags": [["Key": "team", "Value": "security"]],
                ])
            let policy = try #require(created.string("Policy.PolicySummary.Id"), "\(created)")
            #expect(await warden.json("ListTagsForResource", ["ResourceId": policy]).list("Tags").first?["Value"] as? String == "security")

            for resource in [organization.rootID, organization.unitID, Self.member, policy] {
                let tagged = await warden.json("TagResource", ["ResourceId": resource, "Tags": [["Key": "env", "Value": "prod"], ["Key": "cost", "Value": ""]]])
                #expect(tagged.status == 200, "\(resource): \(tagged)")
                let replaced = await warden.json("TagResource", ["ResourceId": resource, "Tags": [["Key": "env", "Value": "dev"]]])
                #expect(replaced.status == 200)
                let listed = await warden.json("ListTagsForResource", ["ResourceId": resource])
                let tags = Dictionary(uniqueKeysWithValues: listed.list("Tags").map { ($0["Key"] as? String ?? "", $0["Value"] as? String ?? "") })
                #expect(tags["env"] == "dev" && tags["cost"] == "", "\(listed)")
                #expect(await warden.json("UntagResource", ["ResourceId": resource, "TagKeys": ["env", "absent"]]).status == 200)
                let left = await warden.json("ListTagsForResource", ["ResourceId": resource]).list("Tags").compactMap { $0["Key"] as? String }
                #expect(left == (resource == policy ? ["cost", "team"] : ["cost"]), "\(resource)")
            }
            for unknown in ["999988887777", "p-doesnotexist", "ou-\(organization.rootID.dropFirst(2))-zzzzzzzz"] {
                #expect(await warden.json("TagResource", ["ResourceId": unknown, "Tags": [["Key": "a", "Value": "b"]]]).errorCode == "TargetNotFoundException")
                #expect(await warden.json("ListTagsForResource", ["ResourceId": unknown]).errorCode == "TargetNotFoundException")
            }
            let repeated = await warden.json("TagResource", ["ResourceId": Self.member, "Tags": [["Key": "a", "Value": "1"], ["Key": "a", "Value": "2"]]])
            #expect(repeated["Reason"] as? String == "DUPLICATE_TAG_KEY", "\(repeated)")
            let system = await warden.json("TagResource", ["ResourceId": Self.member, "Tags": [["Key": "aws:x", "Value": "1"]]])
            #expect(system["Reason"] as? String == "INVALID_SYSTEM_TAGS_PARAMETER", "\(system)")

            // 50 tags a resource (one is there already), in pages of 20.
            let many = (1...49).map { ["Key": "k\($0)", "Value": "v"] }
            #expect(await warden.json("TagResource", ["ResourceId": Self.member, "Tags": many]).status == 200)
            let over = await warden.json("TagResource", ["ResourceId": Self.member, "Tags": [["Key": "one-more", "Value": "v"]]])
            #expect(over.errorCode == "ConstraintViolationException", "\(over)")
            #expect(over["Reason"] as? String == "MAX_TAG_LIMIT_EXCEEDED")
            var keys: [String] = []
            var token: String?
            repeat {
                var body: [String: any Sendable] = ["ResourceId": Self.member]
                if let token { body["NextToken"] = token }
                let page = await warden.json("ListTagsForResource", body)
                keys += page.list("Tags").compactMap { $0["Key"] as? String }
                token = page.string("NextToken")
            } while token != nil
            #expect(keys.count == 50 && Set(keys).count == 50)

            // Tags go with their resource.
            #expect(await warden.json("DeletePolicy", ["PolicyId": policy]).status == 200)
            let left = try await warden.client.query("SELECT count(*)::bigint FROM org_tags WHERE resource_id = \(policy)", logger: warden.logger)
            for try await count in left.decode(Int.self) { #expect(count == 0) }
        }
    }

    @Test func effectiveManagementPolicies() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            #expect(
                await warden.json("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY", "TargetId": Self.member]).errorCode
                    == "EffectivePolicyNotFoundException")
            // SCPs and RCPs have no effective policy in AWS.
            #expect(await warden.json("DescribeEffectivePolicy", ["PolicyType": "SERVICE_CONTROL_POLICY", "TargetId": Self.member]).status == 400)
            let enabled = await warden.json("EnablePolicyType", ["RootId": organization.rootID, "PolicyType": "TAG_POLICY"])
            try #require(enabled.status == 200, "\(enabled)")
            #expect(
                await warden.json("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY", "TargetId": Self.member]).errorCode
                    == "EffectivePolicyNotFoundException")
            let rootPolicy = try await Self.createPolicy(
                warden, "Root", type: "TAG_POLICY",
                content: #"{"tags":{"team":{"tag_key":{"@@assign":"Team"},"tag_value":{"@@assign":["a","b"]}}}}"#)
            let accountPolicy = try await Self.createPolicy(
                warden, "Account", type: "TAG_POLICY",
                content: #"{"tags":{"team":{"tag_value":{"@@append":["c"]}},"cost":{"tag_key":{"@@assign":"Cost"}}}}"#)
            #expect(await warden.json("AttachPolicy", ["PolicyId": rootPolicy, "TargetId": organization.rootID]).status == 200)
            #expect(await warden.json("AttachPolicy", ["PolicyId": accountPolicy, "TargetId": Self.member]).status == 200)
            let effective = await warden.json("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY", "TargetId": Self.member])
            #expect(effective.status == 200, "\(effective)")
            #expect(effective.string("EffectivePolicy.TargetId") == Self.member)
            #expect(effective.string("EffectivePolicy.PolicyType") == "TAG_POLICY")
            #expect(
                effective.string("EffectivePolicy.PolicyContent")
                    == #"{"tags":{"cost":{"tag_key":"Cost"},"team":{"tag_key":"Team","tag_value":["a","b","c"]}}}"#)
            let unit = await warden.json("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY", "TargetId": organization.unitID])
            #expect(unit["Reason"] as? String == "TARGET_NOT_SUPPORTED", "\(unit)")
        }
    }

    @Test func managementPolicyInheritance() {
        let root = #"{"tags":{"team":{"tag_key":{"@@assign":"Team"},"tag_value":{"@@assign":["a","b"]}}},"x":{"@@operators_allowed_for_child_policies":["@@none"],"y":1}}"#
        let unit = #"{"tags":{"team":{"tag_value":{"@@remove":["a"]}}}}"#
        let account = #"{"tags":{"team":{"tag_value":{"@@append":["c"]}},"cost":{"tag_key":{"@@assign":"Cost"}}}}"#
        #expect(
            ManagementPolicyInheritance.effective([root, unit, account])
                == #"{"tags":{"cost":{"tag_key":"Cost"},"team":{"tag_key":"Team","tag_value":["b","c"]}},"x":{"y":1}}"#)
        #expect(ManagementPolicyInheritance.effective(["not json"]) == nil)
    }

    @Test func membersAreDenied() async throws {
        try await WardenHarness.with { warden in
            // The harness account is a member of an organization another account manages.
            let management = "999988887777"
            try await warden.client.query(
                "INSERT INTO accounts (account_id, name, email) VALUES (\(management), 'management', 'management@example.com')", logger: warden.logger)
            try await warden.client.query(
                "INSERT INTO organizations (organization_id, management_account_id) VALUES ('o-exampleorg1', \(management))", logger: warden.logger)
            try await warden.client.query(
                "INSERT INTO org_units (unit_id, organization_id, kind, name, depth) VALUES ('r-ab12', 'o-exampleorg1', 'ROOT', 'Root', 0)",
                logger: warden.logger)
            for account in [management, warden.accountID] {
                try await warden.client.query(
                    "INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method) VALUES (\(account), 'o-exampleorg1', 'r-ab12', 'INVITED')",
                    logger: warden.logger)
            }
            try await warden.client.query(
                "INSERT INTO org_policy_types (root_id, policy_type) VALUES ('r-ab12', 'SERVICE_CONTROL_POLICY')", logger: warden.logger)
            for target in ["r-ab12", management, warden.accountID] {
                let unit: String? = target.hasPrefix("r-") ? target : nil
                let account: String? = target.hasPrefix("r-") ? nil : target
                try await warden.client.query(
                    """
                    INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id, account_id)
                    VALUES ('o-exampleorg1', 'p-FullAWSAccess', 'SERVICE_CONTROL_POLICY', \(unit), \(account))
                    """, logger: warden.logger)
            }
            try await warden.client.query(
                """
                INSERT INTO org_policies (policy_id, organization_id, policy_type, name, content)
                VALUES ('p-examplepolicy', 'o-exampleorg1', 'SERVICE_CONTROL_POLICY', 'Theirs', \(Self.deny))
                """, logger: warden.logger)
            let calls: [(String, [String: any Sendable])] = [
                ("CreatePolicy", ["Name": "x", "Description": "", "Type": "SERVICE_CONTROL_POLICY", "Content": Self.deny]),
                ("DescribePolicy", ["PolicyId": "p-examplepolicy"]),
                ("ListPolicies", ["Filter": "SERVICE_CONTROL_POLICY"]),
                ("UpdatePolicy", ["PolicyId": "p-examplepolicy", "Name": "y"]),
                ("DeletePolicy", ["PolicyId": "p-examplepolicy"]),
                ("AttachPolicy", ["PolicyId": "p-examplepolicy", "TargetId": warden.accountID]),
                ("DetachPolicy", ["PolicyId": "p-examplepolicy", "TargetId": warden.accountID]),
                ("ListPoliciesForTarget", ["TargetId": warden.accountID, "Filter": "SERVICE_CONTROL_POLICY"]),
                ("ListTargetsForPolicy", ["PolicyId": "p-examplepolicy"]),
                ("TagResource", ["ResourceId": warden.accountID, "Tags": [["Key": "a", "Value": "b"]]]),
                ("UntagResource", ["ResourceId": warden.accountID, "TagKeys": ["a"]]),
                ("ListTagsForResource", ["ResourceId": warden.accountID]),
                ("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY", "TargetId": management]),
            ]
            for (operation, body) in calls {
                let reply = await warden.json(operation, body)
                #expect(reply.errorCode == "AccessDeniedException", "\(operation): \(reply)")
                #expect(reply.errorMessage == "You don't have permissions to access this resource.", "\(operation): \(reply)")
            }
            // A member may ask for its own effective policy.
            let own = await warden.json("DescribeEffectivePolicy", ["PolicyType": "TAG_POLICY"])
            #expect(own.errorCode == "EffectivePolicyNotFoundException", "\(own)")
        }
    }

    @Test func authorizedOnThePolicyAndTheTarget() async throws {
        try await WardenHarness.with { warden in
            let organization = try await Self.organization(warden)
            let policy = try await Self.createPolicy(warden, "DenyDelete")
            let policyARN = "arn:aws:organizations::\(warden.accountID):policy/\(organization.id)/service_control_policy/\(policy)"
            let onlyPolicy = try await warden.user(
                "p", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:AttachPolicy","Resource":"\#(policyARN)"}]}"#)
            let denied = await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": Self.member], as: onlyPolicy)
            #expect(denied.errorCode == "AccessDeniedException", "\(denied)")
            let accountARN = "arn:aws:organizations::\(warden.accountID):account/\(organization.id)/\(Self.member)"
            let both = try await warden.user(
                "b",
                policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:AttachPolicy","Resource":["\#(policyARN)","\#(accountARN)"]}]}"#)
            let allowed = await warden.json("AttachPolicy", ["PolicyId": policy, "TargetId": Self.member], as: both)
            #expect(allowed.status == 200, "\(allowed)")
            let typed = try await warden.user(
                "t",
                policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:CreatePolicy","Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"TAG_POLICY"}}}]}"#)
            let wrongType = await warden.json(
                "CreatePolicy", ["Name": "x", "Description": "", "Type": "SERVICE_CONTROL_POLICY", "Content": Self.deny], as: typed)
            #expect(wrongType.errorCode == "AccessDeniedException", "\(wrongType)")
        }
    }
}
