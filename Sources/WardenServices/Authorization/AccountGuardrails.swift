import PostgresNIO
public import WardenPolicy
import WardenStore

/// What an account's organization imposes on it: the SCPs that bound its principals and the RCPs that
/// bound its resources, each from the root down to the account, and the path that `aws:PrincipalOrgPaths`
/// and `aws:ResourceOrgPaths` report. Read in one round trip; cached per account.
public struct AccountGuardrails: Sendable {
    /// `o-…`; nil for an account outside any organization (then nothing below applies).
    public var organizationID: String?
    public var isManagementAccount = false
    /// `o-…/r-…/ou-…/…/`: the account's parent's path, as AWS reports it.
    public var path: String?
    /// Nil when SCPs are not enabled on the root: no SCP bounds anyone.
    public var serviceControlPolicies: [OrganizationLevel]?
    /// Nil when RCPs are not enabled on the root.
    public var resourceControlPolicies: [OrganizationLevel]?

    /// An account outside any organization.
    public static let standalone = AccountGuardrails()

    /// The condition keys the guardrails give a request: `aws:PrincipalOrgID`/`aws:PrincipalOrgPaths` for the
    /// principal's account (`prefix` `aws:Principal`), `aws:ResourceOrgID`/`aws:ResourceOrgPaths` for the
    /// resource's (`aws:Resource`).
    func conditionKeys(prefix: String) -> [String: [String]] {
        guard let organizationID else { return [:] }
        var keys = [prefix + "OrgID": [organizationID]]
        if let path { keys[prefix + "OrgPaths"] = [path] }
        return keys
    }

    /// The guardrails of `accountID`, from the cache when it may answer.
    static func cached(
        for accountID: String, transaction: StoreTransaction, compiled: CompiledPolicyCache, caches: AuthorizationCaches
    ) async throws -> AccountGuardrails {
        try await caches.guardrails.value(for: accountID, account: accountID) {
            try await load(for: accountID, transaction: transaction, compiled: compiled)
        }
    }

    /// Reads the guardrails of `accountID`: its organization, the enabled policy types, and the policies
    /// attached to each node from the root down to the account.
    static func load(for accountID: String, transaction: StoreTransaction, compiled: CompiledPolicyCache) async throws -> AccountGuardrails {
        // Only SCPs and RCPs bound requests; management policies (tag, backup, …) are documents of their own.
        // Rows: ('organization', org id, management account, enabled type or NULL, NULL, NULL)
        //       ('node', node id, kind, depth, policy id or NULL, policy type, content)
        let rows = try await transaction.rows(
            """
            WITH RECURSIVE member AS (
              SELECT account_id, organization_id, parent_id FROM org_accounts WHERE account_id = \(accountID)
            ), chain AS (
              SELECT u.unit_id, u.parent_id, u.kind, u.depth FROM member m JOIN org_units u ON u.unit_id = m.parent_id
              UNION ALL
              SELECT u.unit_id, u.parent_id, u.kind, u.depth FROM org_units u JOIN chain c ON u.unit_id = c.parent_id
            )
            SELECT 'organization', o.organization_id, o.management_account_id, -1, NULL::text, t.policy_type, NULL::text
              FROM member m JOIN organizations o ON o.organization_id = m.organization_id
              LEFT JOIN org_units r ON r.organization_id = o.organization_id AND r.kind = 'ROOT'
              LEFT JOIN org_policy_types t ON t.root_id = r.unit_id AND t.status = 'ENABLED'
            UNION ALL
            SELECT 'node', c.unit_id, c.kind, c.depth, p.policy_id, p.policy_type, p.content
              FROM chain c
              LEFT JOIN org_policy_attachments a ON a.unit_id = c.unit_id AND a.policy_type IN ('SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY')
              LEFT JOIN org_policies p ON p.policy_id = a.policy_id
            UNION ALL
            SELECT 'node', m.account_id, 'ACCOUNT', 6, p.policy_id, p.policy_type, p.content
              FROM member m
              LEFT JOIN org_policy_attachments a ON a.account_id = m.account_id AND a.policy_type IN ('SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY')
              LEFT JOIN org_policies p ON p.policy_id = a.policy_id
            """,
            as: (String, String, String, Int, String?, String?, String?).self)
        var guardrails = AccountGuardrails()
        var enabled: Set<String> = []
        struct Node {
            let id: String
            let kind: OrganizationLevel.Kind
            let depth: Int
            var scps: [CompiledPolicy] = []
            var rcps: [CompiledPolicy] = []
        }
        var nodes: [String: Node] = [:]
        for (row, id, second, depth, policyID, policyType, content) in rows {
            if row == "organization" {
                guardrails.organizationID = id
                guardrails.isManagementAccount = second == accountID
                if let policyType { enabled.insert(policyType) }
                continue
            }
            let kind: OrganizationLevel.Kind =
                switch second {
                case "ROOT": .root
                case "ACCOUNT": .account
                default: .organizationalUnit
                }
            var node = nodes[id] ?? Node(id: id, kind: kind, depth: depth)
            if let policyID, let content {
                let policy = try compiled.policy(id: policyID, document: content)
                if policyType == "SERVICE_CONTROL_POLICY" { node.scps.append(policy) }
                if policyType == "RESOURCE_CONTROL_POLICY" { node.rcps.append(policy) }
            }
            nodes[id] = node
        }
        guard let organizationID = guardrails.organizationID else { return .standalone }
        // Root first, the account last; within a node, policies in id order (a stable explanation).
        let chain = nodes.values.sorted { $0.depth < $1.depth }
        guardrails.path = organizationID + "/" + chain.filter { $0.kind != .account }.map { $0.id + "/" }.joined()
        if enabled.contains("SERVICE_CONTROL_POLICY") {
            guardrails.serviceControlPolicies = chain.map {
                OrganizationLevel(node: $0.id, kind: $0.kind, policies: $0.scps.sorted { $0.id < $1.id })
            }
        }
        if enabled.contains("RESOURCE_CONTROL_POLICY") {
            guardrails.resourceControlPolicies = chain.map {
                OrganizationLevel(node: $0.id, kind: $0.kind, policies: $0.rcps.sorted { $0.id < $1.id })
            }
        }
        return guardrails
    }
}

/// The services whose resources RCPs bound: AWS applies resource control policies to a fixed list of
/// services (STS among them, IAM not), and to nothing else.
enum ResourceControlPolicies {
    static let services: Set<Substring> = ["s3", "sts", "sqs", "kms", "secretsmanager", "cognito-identity", "logs", "dynamodb", "ecr", "aoss"]

    /// Whether RCPs take part in deciding `action` (`sts:AssumeRole`: yes; `iam:CreateUser`: no).
    static func apply(to action: String) -> Bool {
        guard let colon = action.firstIndex(of: ":") else { return false }
        return services.contains(action[..<colon])
    }
}
