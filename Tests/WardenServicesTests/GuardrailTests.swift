import Foundation
import PostgresNIO
import Testing
import WardenServices
import WardenTestSupport

/// Organization guardrails in every decision: the SCP chain of the caller's account, the RCP chain of the
/// resource's account, and the organization condition keys — set up directly in the tables, so the
/// enforcement is tested apart from the Organizations operations.
@Suite struct GuardrailTests {
    static let member = "111122223333"
    static let management = "999988887777"
    static let organization = "o-exampleorg1"
    static let root = "r-ab12"
    static let prod = "ou-ab12-11111111"
    static let team = "ou-ab12-22222222"

    /// An organization managed by another account, with the harness's account in `team` under `prod`, SCPs
    /// enabled and FullAWSAccess attached everywhere, as AWS leaves a new organization once SCPs are on.
    static func organize(_ warden: WardenHarness, policyTypes: [String] = ["SERVICE_CONTROL_POLICY"]) async throws {
        let statements: [PostgresQuery] = [
            "INSERT INTO accounts (account_id, name, email) VALUES (\(management), 'management', 'management@example.com')",
            "INSERT INTO organizations (organization_id, management_account_id) VALUES (\(organization), \(management))",
            """
            INSERT INTO org_units (unit_id, organization_id, parent_id, kind, name, depth) VALUES
              (\(root), \(organization), NULL, 'ROOT', 'Root', 0),
              (\(prod), \(organization), \(root), 'ORGANIZATIONAL_UNIT', 'Prod', 1),
              (\(team), \(organization), \(prod), 'ORGANIZATIONAL_UNIT', 'Team', 2)
            """,
            """
            INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method) VALUES
              (\(management), \(organization), \(root), 'CREATED'), (\(member), \(organization), \(team), 'INVITED')
            """,
        ]
        for statement in statements { try await warden.client.query(statement, logger: warden.logger) }
        for type in policyTypes {
            try await warden.client.query("INSERT INTO org_policy_types (root_id, policy_type) VALUES (\(root), \(type))", logger: warden.logger)
            let policy = type == "SERVICE_CONTROL_POLICY" ? "p-FullAWSAccess" : "p-RCPFullAWSAccess"
            for unit in [root, prod, team] { try await attach(warden, policy, unit: unit, type: type) }
            for account in [management, member] { try await attach(warden, policy, account: account, type: type) }
        }
    }

    static func attach(_ warden: WardenHarness, _ policyID: String, unit: String? = nil, account: String? = nil, type: String = "SERVICE_CONTROL_POLICY")
        async throws
    {
        try await warden.client.query(
            """
            INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id, account_id)
            VALUES (\(organization), \(policyID), \(type), \(unit), \(account))
            """, logger: warden.logger)
    }

    static func detach(_ warden: WardenHarness, _ policyID: String, target: String) async throws {
        try await warden.client.query(
            "DELETE FROM org_policy_attachments WHERE policy_id = \(policyID) AND coalesce(unit_id, account_id) = \(target)", logger: warden.logger)
    }

    static func policy(_ warden: WardenHarness, _ policyID: String, _ content: String, type: String = "SERVICE_CONTROL_POLICY") async throws {
        try await warden.client.query(
            """
            INSERT INTO org_policies (policy_id, organization_id, policy_type, name, content)
            VALUES (\(policyID), \(organization), \(type), \(policyID), \(content))
            """, logger: warden.logger)
    }

    static let denyCreateUser = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#
    static let allowReads = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}"#
    static let admin = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    @Test func aDenyOnAnOUAboveReachesTheAccountsRootAndUsers() async throws {
        try await WardenHarness.with { warden in
            try await Self.organize(warden)
            let alice = try await warden.user("alice", policy: Self.admin)
            #expect(await warden.call("CreateUser", ["UserName": "before"]).status == 200)
            try await Self.policy(warden, "p-denycreateuser", Self.denyCreateUser)
            try await Self.attach(warden, "p-denycreateuser", unit: Self.prod)
            for caller in [nil, alice] {
                let denied = await warden.call("CreateUser", ["UserName": "after"], as: caller)
                #expect(denied.errorCode == "AccessDenied")
                #expect(denied.errorMessage?.contains("with an explicit deny in a service control policy") == true, "\(denied)")
                #expect(await warden.call("ListUsers", as: caller).status == 200)
            }
        }
    }

    @Test func everyLevelMustAllow() async throws {
        try await WardenHarness.with { warden in
            try await Self.organize(warden)
            let alice = try await warden.user("alice", policy: Self.admin)
            // An allow-list on Prod bounds the account below, though FullAWSAccess is attached to it directly.
            try await Self.policy(warden, "p-readsonly1", Self.allowReads)
            try await Self.attach(warden, "p-readsonly1", unit: Self.prod)
            try await Self.detach(warden, "p-FullAWSAccess", target: Self.prod)
            #expect(await warden.call("ListUsers", as: alice).status == 200)
            let denied = await warden.call("CreateUser", ["UserName": "bob"], as: alice)
            #expect(denied.errorCode == "AccessDenied")
            #expect(denied.errorMessage?.contains("because no service control policy allows the iam:CreateUser action") == true, "\(denied)")
            // A level with nothing attached allows nothing.
            try await Self.detach(warden, "p-FullAWSAccess", target: Self.member)
            #expect(await warden.call("ListUsers", as: alice).errorCode == "AccessDenied")
        }
    }

    @Test func policyTypeDisabledMeansNoSCPs() async throws {
        try await WardenHarness.with { warden in
            try await Self.organize(warden, policyTypes: [])
            try await Self.policy(warden, "p-denycreateuser", Self.denyCreateUser)
            try await warden.client.query(
                """
                INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id)
                VALUES (\(Self.organization), 'p-denycreateuser', 'SERVICE_CONTROL_POLICY', \(Self.prod))
                """, logger: warden.logger)
            #expect(await warden.call("CreateUser", ["UserName": "bob"]).status == 200)
        }
    }

    @Test func organizationConditionKeys() async throws {
        try await WardenHarness.with { warden in
            try await Self.organize(warden)
            let path = "\(Self.organization)/\(Self.root)/\(Self.prod)/\(Self.team)/"
            let conditions = [
                (#"{"StringEquals":{"aws:PrincipalOrgID":"\#(Self.organization)"}}"#, true),
                (#"{"StringEquals":{"aws:PrincipalOrgID":"o-someotherorg"}}"#, false),
                (#"{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"\#(Self.organization)/\#(Self.root)/\#(Self.prod)/*"}}"#, true),
                (#"{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":"\#(path)"}}"#, true),
                (#"{"StringEquals":{"aws:ResourceOrgID":"\#(Self.organization)","aws:ResourceAccount":"\#(Self.member)"}}"#, true),
            ]
            for (index, (condition, allowed)) in conditions.enumerated() {
                let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":\#(condition)}]}"#
                let user = try await warden.user("u\(index)", policy: policy)
                #expect((await warden.call("ListUsers", as: user).status == 200) == allowed, "\(condition)")
            }
        }
    }

    @Test func cachedDecisionsFollowOrganizationChanges() async throws {
        try await WardenHarness.with(cachingPolicies: true) { warden in
            try await Self.organize(warden)
            let alice = try await warden.user("alice", policy: Self.admin)
            try await Self.policy(warden, "p-denycreateuser", Self.denyCreateUser)
            // Warm the cache, then change the organization behind it: the notification drops it.
            for _ in 0..<3 { #expect(await warden.call("GetUser", ["UserName": "alice"], as: alice).status == 200) }
            try await Self.attach(warden, "p-denycreateuser", account: Self.member)
            var denied = false
            for _ in 0..<50 where !denied {
                denied = await warden.call("CreateUser", ["UserName": "bob"], as: alice).errorCode == "AccessDenied"
                if !denied { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(denied)
        }
    }
}
