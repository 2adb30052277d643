import Foundation
import PostgresNIO
import WardenAWS
public import WardenPolicy
public import WardenStore

/// The policies that apply to a caller, read in one round trip on the call's transaction: its inline and
/// attached policies, its groups' (for users), and its permissions boundary; plus its tags, which become
/// `aws:PrincipalTag/…`.
public struct PrincipalPolicies: Sendable {
    public var identity: [CompiledPolicy]
    public var boundary: CompiledPolicy?
    public var tags: [String: String]
    /// Whether the user or role was found in an active account (a session of a deleted role, or of a
    /// suspended or closed account, must stop working).
    public var principalExists = false
    /// The user's or role's current path and name (`/eng/alice`): a session of a renamed user must stop.
    public var currentIdentity: String?

    /// The principal's account's organization guardrails (SCPs apply to its principals).
    public var guardrails = AccountGuardrails.standalone {
        didSet { reindex() }
    }

    /// The identity policies, boundary and SCPs indexed for evaluation, built once per load (and so once per
    /// cache fill): most calls have no session or resource policy and evaluate against it as is.
    public private(set) var indexed: PolicySet

    /// Whether the identity policies, the boundary or the SCPs read the resource's tags: decided with the index,
    /// so a cached set answers without looking through its policies.
    private(set) var readsResourceTags = false

    mutating func reindex() {
        readsResourceTags =
            identity.contains(where: \.readsResourceTags) || boundary?.readsResourceTags == true
            || (guardrails.serviceControlPolicies ?? []).contains { $0.policies.contains(where: \.readsResourceTags) }
        indexed = PolicySet(
            identityPolicies: identity, permissionsBoundary: boundary, serviceControlPolicies: guardrails.serviceControlPolicies ?? [],
            principalAccountIsManagementAccount: guardrails.isManagementAccount)
    }

    public init(identity: [CompiledPolicy] = [], boundary: CompiledPolicy? = nil, tags: [String: String] = [:]) {
        self.identity = identity
        self.boundary = boundary
        self.tags = tags
        self.indexed = PolicySet(identityPolicies: [])
        reindex()
    }

    /// One policy as stored, with where it comes from (for the simulator's `MatchedStatements`).
    public struct Source: Sendable {
        /// `inline` (with `entityType`), `managed` or `boundary`.
        public let kind: String
        /// `user`, `group` or `role` for inline policies.
        public let entityType: String?
        public let document: String
    }

    /// The document a vanished boundary stands for: no statement, so nothing is allowed.
    static let allowNothing = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#

    /// Every policy by its id (inline: `user/NAME`, managed and boundary: the ARN), as read.
    public var sources: [String: Source] = [:]

    /// The policies of an IAM user (with its groups') or a role; empty for the root user.
    public static func load(for caller: Caller, transaction: StoreTransaction, cache: CompiledPolicyCache) async throws -> PrincipalPolicies {
        switch caller.kind {
        case .root: return PrincipalPolicies()
        case .user(let userID, _, _):
            return try await load(entityType: "user", entityID: userID, accountID: caller.accountID, transaction: transaction, cache: cache)
        case .assumedRole(let roleID, _, _):
            return try await load(entityType: "role", entityID: roleID, accountID: caller.accountID, transaction: transaction, cache: cache)
        case .federatedUser(_, let issuerUserID?):
            // The issuing user's own policies: its session policies narrow them on every request.
            return try await load(entityType: "user", entityID: issuerUserID, accountID: caller.accountID, transaction: transaction, cache: cache)
        case .federatedUser(_, .none):
            // Issued by the root user: everything root may do, narrowed by the session policies.
            return PrincipalPolicies(identity: [try cache.policy(id: "root", document: Self.allowEverything)])
        case .webIdentity:
            // No policy of its own: the trust policy of the role it assumes decides alone.
            return PrincipalPolicies()
        }
    }

    /// What the root user's permissions are, as a policy: the identity of a federated user the root user issued.
    static let allowEverything = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// A session outlives nothing: when its role or user is gone, renamed, or its account is no longer
    /// active, its credentials stop working. Checked on every request, cached or not.
    static func checkSession(of caller: Caller, _ policies: PrincipalPolicies, transaction: StoreTransaction) async throws {
        guard caller.session != nil else { return }
        switch caller.kind {
        case .root, .federatedUser(_, .none):
            let status = try await transaction.rows("SELECT status FROM accounts WHERE account_id = \(caller.accountID)", as: String.self)
            guard status.first == "ACTIVE" else { throw AWSServiceError.invalidClientTokenId }
        case .user(_, let name, let path):
            guard policies.principalExists, policies.currentIdentity == path + name else { throw AWSServiceError.invalidClientTokenId }
        case .federatedUser:
            // The issuing user, as it was when it issued the session (`user/PATH/NAME` of its ARN).
            let issuer = caller.session?.userARN.flatMap { arn in arn.range(of: ":user/").map { String(arn[arn.index(before: $0.upperBound)...]) } }
            guard policies.principalExists, issuer != nil, policies.currentIdentity == issuer else { throw AWSServiceError.invalidClientTokenId }
        case .assumedRole:
            guard policies.principalExists else { throw AWSServiceError.invalidClientTokenId }
        case .webIdentity:
            break
        }
    }

    /// The policies of `caller` with its account's organization guardrails, from the cache when it may
    /// answer, else read (and cached when no change raced with the read). Any change to an organization
    /// invalidates every account, so a cached set never holds stale guardrails.
    public static func cached(
        for caller: Caller, transaction: StoreTransaction, compiled: CompiledPolicyCache, caches: AuthorizationCaches
    ) async throws -> PrincipalPolicies {
        let key: AuthorizationCaches.Principal =
            switch caller.kind {
            case .root: .init(entityType: "root", entityID: caller.accountID)
            case .user(let userID, _, _): .init(entityType: "user", entityID: userID)
            case .assumedRole(let roleID, _, _): .init(entityType: "role", entityID: roleID)
            case .federatedUser(_, let issuerUserID?): .init(entityType: "user", entityID: issuerUserID)
            case .federatedUser(_, .none): .init(entityType: "federated-root", entityID: caller.accountID)
            case .webIdentity: .init(entityType: "web-identity", entityID: caller.accountID)
            }
        let policies = try await caches.principals.value(for: key, account: caller.accountID) {
            var policies = try await load(for: caller, transaction: transaction, cache: compiled)
            policies.guardrails = try await AccountGuardrails.cached(for: caller.accountID, transaction: transaction, compiled: compiled, caches: caches)
            return policies
        }
        try await checkSession(of: caller, policies, transaction: transaction)
        return policies
    }

    /// The policies of one user (with its groups'), group or role.
    public static func load(
        entityType: String, entityID: String, accountID account: String, transaction: StoreTransaction, cache: CompiledPolicyCache
    ) async throws -> PrincipalPolicies {
        let rows = try await transaction.rows(
            """
            WITH entities AS (
              SELECT \(entityType)::text AS entity_type, \(entityID)::text AS entity_id
              UNION ALL
              SELECT 'group', group_id FROM iam_group_members WHERE \(entityType) = 'user' AND user_id = \(entityID)
            ), owner AS (
              SELECT permissions_boundary, tags, path || name AS identity FROM iam_users
                WHERE \(entityType) = 'user' AND account_id = \(account) AND user_id = \(entityID)
              UNION ALL
              SELECT permissions_boundary, tags, path || name FROM iam_roles
                WHERE \(entityType) = 'role' AND account_id = \(account) AND role_id = \(entityID)
            )
            SELECT 'inline', i.entity_type || '/' || i.name, i.document
              FROM iam_inline_policies i JOIN entities e USING (entity_type, entity_id)
            UNION ALL
            SELECT 'managed', a.policy_arn, v.document
              FROM iam_policy_attachments a JOIN entities e USING (entity_type, entity_id)
              LEFT JOIN iam_policies p ON p.policy_id = a.policy_id
              LEFT JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version
            UNION ALL
            SELECT 'boundary', o.permissions_boundary, v.document
              FROM owner o
              LEFT JOIN iam_policies p ON p.arn = o.permissions_boundary
              LEFT JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version
              WHERE o.permissions_boundary IS NOT NULL
            UNION ALL
            SELECT 'tags', o.identity, o.tags::text FROM owner o
              WHERE EXISTS (SELECT 1 FROM accounts WHERE account_id = \(account) AND status = 'ACTIVE')
            """,
            as: (String, String, String?).self)
        var result = PrincipalPolicies()
        for (kind, id, document) in rows {
            switch kind {
            case "tags":
                result.principalExists = true
                result.currentIdentity = id
                for tag in TagRecord.list(fromJSON: document ?? "[]") { result.tags[tag.key] = tag.value }
            default:
                guard let text = document ?? AWSManagedPolicy.named(id)?.document else {
                    // A boundary whose policy is gone must not leave the principal unbounded: it allows nothing.
                    if kind == "boundary" { result.boundary = try cache.policy(id: id, document: Self.allowNothing) }
                    continue
                }
                let policy = try cache.policy(id: id, document: text)
                let owner = kind == "inline" ? id.split(separator: "/").first.map(String.init) : nil
                result.sources[id] = Source(kind: kind, entityType: owner, document: text)
                if kind == "boundary" { result.boundary = policy } else { result.identity.append(policy) }
            }
        }
        result.reindex()
        return result
    }
}
