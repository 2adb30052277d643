import Foundation
import Testing
import WardenServices
import WardenTestSupport

/// Policy management and reads delegated to a member account through the organization's resource-based
/// delegation policy, as AWS's "delegated administrator for AWS Organizations" works.
@Suite struct OrganizationsDelegationTests {
    static let scp = "SERVICE_CONTROL_POLICY"
    static let denyCreateUser = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#

    /// Reads of everything, SCP management, and attaching SCPs to `unitARN` only, for `accountID`.
    static func delegation(_ accountID: String, unitARN: String, policyARNs: String) -> String {
        let principal = #"{"AWS":"arn:aws:iam::\#(accountID):root"}"#
        return #"""
            {"Version":"2012-10-17","Statement":[
            {"Sid":"Read","Effect":"Allow","Principal":\#(principal),"Action":["organizations:Describe*","organizations:List*"],"Resource":"*"},
            {"Sid":"ManageSCPs","Effect":"Allow","Principal":\#(principal),"Action":["organizations:CreatePolicy","organizations:UpdatePolicy","organizations:DeletePolicy"],"Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}}},
            {"Sid":"AttachToOneOU","Effect":"Allow","Principal":\#(principal),"Action":["organizations:AttachPolicy","organizations:DetachPolicy"],"Resource":["\#(unitARN)","\#(policyARNs)"]}]}
            """#
    }

    @Test func delegatedPolicyManagementStaysWithinThePolicy() async throws {
        try await WardenHarness.with { warden in
            let organizationID = try await OrganizationsHandshakeTests.organize(warden)
            let root = try #require(await warden.json("ListRoots").list("Roots").first?["Id"] as? String)
            let enabled = await warden.json("EnablePolicyType", ["RootId": root, "PolicyType": Self.scp])
            #expect(enabled.status == 200, "\(enabled)")
            let delegatedOU = try #require(
                await warden.json("CreateOrganizationalUnit", ["ParentId": root, "Name": "delegated"]).string("OrganizationalUnit.Id"))
            let otherOU = try #require(
                await warden.json("CreateOrganizationalUnit", ["ParentId": root, "Name": "other"]).string("OrganizationalUnit.Id"))
            let trusted = try await OrganizationsHandshakeTests.join(warden, "trusted")
            let untrusted = try await OrganizationsHandshakeTests.join(warden, "untrusted")
            let prefix = "arn:aws:organizations::\(warden.accountID):"
            let content = Self.delegation(
                trusted.accountID, unitARN: prefix + "ou/\(organizationID)/\(delegatedOU)",
                policyARNs: prefix + "policy/o-*/service_control_policy/*")
            let put = await warden.json("PutResourcePolicy", ["Content": content])
            #expect(put.status == 200, "\(put)")

            // The member named reads the tree and the policies.
            let roots = await warden.json("ListRoots", as: trusted.credentials)
            #expect(roots.list("Roots").map { $0["Id"] as? String } == [root], "\(roots)")
            let children = await warden.json("ListChildren", ["ParentId": root, "ChildType": "ORGANIZATIONAL_UNIT"], as: trusted.credentials)
            #expect(Set(children.list("Children").compactMap { $0["Id"] as? String }) == [delegatedOU, otherOU], "\(children)")
            let full = await warden.json("DescribePolicy", ["PolicyId": "p-FullAWSAccess"], as: trusted.credentials)
            #expect(full.string("Policy.PolicySummary.Id") == "p-FullAWSAccess", "\(full)")

            // It creates SCPs (not other types) and attaches them to the OU the policy names only.
            let created = await warden.json(
                "CreatePolicy", ["Name": "delegated-scp", "Description": "by the member", "Type": Self.scp, "Content": Self.denyCreateUser],
                as: trusted.credentials)
            #expect(created.status == 200, "\(created)")
            let policyID = try #require(created.string("Policy.PolicySummary.Id"))
            #expect(created.string("Policy.PolicySummary.Arn") == prefix + "policy/\(organizationID)/service_control_policy/\(policyID)")
            // Tags on a new policy need `organizations:TagResource` as well, which this delegation policy does not grant.
            let tagged = await warden.json(
                "CreatePolicy",
                ["Name": "tagged-scp", "Description": "", "Type": Self.scp, "Content": Self.denyCreateUser, "Tags": [["Key": "team", "Value": "blue"]]],
                as: trusted.credentials)
            #expect(tagged.errorCode == "AccessDeniedException", "\(tagged)")
            let tagPolicy = await warden.json(
                "CreatePolicy", ["Name": "tag", "Description": "", "Type": "TAG_POLICY", "Content": "{}"], as: trusted.credentials)
            #expect(tagPolicy.errorCode == "AccessDeniedException", "\(tagPolicy)")
            let described = await warden.json("DescribePolicy", ["PolicyId": policyID], as: trusted.credentials)
            #expect(described.string("Policy.Content") == Self.denyCreateUser, "\(described)")
            let attached = await warden.json("AttachPolicy", ["PolicyId": policyID, "TargetId": delegatedOU], as: trusted.credentials)
            #expect(attached.status == 200, "\(attached)")
            let elsewhere = await warden.json("AttachPolicy", ["PolicyId": policyID, "TargetId": otherOU], as: trusted.credentials)
            #expect(elsewhere.errorCode == "AccessDeniedException", "\(elsewhere)")
            let toRoot = await warden.json("AttachPolicy", ["PolicyId": policyID, "TargetId": root], as: trusted.credentials)
            #expect(toRoot.errorCode == "AccessDeniedException", "\(toRoot)")
            let targets = await warden.json("ListTargetsForPolicy", ["PolicyId": policyID])
            #expect(targets.list("Targets").map { $0["TargetId"] as? String } == [delegatedOU], "\(targets)")
            #expect(
                await warden.json("CreateOrganizationalUnit", ["ParentId": root, "Name": "nope"], as: trusted.credentials).errorCode
                    == "AccessDeniedException")

            // A member the policy doesn't name gets nothing.
            #expect(await warden.json("ListRoots", as: untrusted.credentials).errorCode == "AccessDeniedException")
            #expect(
                await warden.json("ListChildren", ["ParentId": root, "ChildType": "ORGANIZATIONAL_UNIT"], as: untrusted.credentials).errorCode
                    == "AccessDeniedException")
            #expect(await warden.json("DescribePolicy", ["PolicyId": policyID], as: untrusted.credentials).errorCode == "AccessDeniedException")
            #expect(
                await warden.json(
                    "CreatePolicy", ["Name": "nope", "Description": "", "Type": Self.scp, "Content": Self.denyCreateUser], as: untrusted.credentials
                ).errorCode == "AccessDeniedException")
            #expect(
                await warden.json("AttachPolicy", ["PolicyId": policyID, "TargetId": delegatedOU], as: untrusted.credentials).errorCode
                    == "AccessDeniedException")

            // The delegated member undoes what it did.
            let detached = await warden.json("DetachPolicy", ["PolicyId": policyID, "TargetId": delegatedOU], as: trusted.credentials)
            #expect(detached.status == 200, "\(detached)")
            let deleted = await warden.json("DeletePolicy", ["PolicyId": policyID], as: trusted.credentials)
            #expect(deleted.status == 200, "\(deleted)")
        }
    }

    @Test func createPolicyWithTagsNeedsTagResource() async throws {
        try await WardenHarness.with { warden in
            _ = try await OrganizationsHandshakeTests.organize(warden)
            let creator = try await warden.user(
                "creator", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:CreatePolicy","Resource":"*"}]}"#)
            let tagged = await warden.json(
                "CreatePolicy",
                ["Name": "tagged", "Description": "", "Type": Self.scp, "Content": Self.denyCreateUser, "Tags": [["Key": "team", "Value": "blue"]]],
                as: creator)
            #expect(tagged.errorCode == "AccessDeniedException", "\(tagged)")
            #expect(tagged.errorMessage?.contains("organizations:TagResource") == true, "\(tagged)")
            let plain = await warden.json("CreatePolicy", ["Name": "plain", "Description": "", "Type": Self.scp, "Content": Self.denyCreateUser], as: creator)
            #expect(plain.status == 200, "\(plain)")
            let byRoot = await warden.json(
                "CreatePolicy",
                ["Name": "tagged", "Description": "", "Type": Self.scp, "Content": Self.denyCreateUser, "Tags": [["Key": "team", "Value": "blue"]]])
            #expect(byRoot.status == 200, "\(byRoot)")
        }
    }
}
