public import Foundation
import PostgresNIO

/// Customer managed policies of one account and their versions, on the call's transaction.
public struct PolicyRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    /// Row locks a lookup can take until the transaction ends.
    public enum Lock: Sendable {
        case none
        /// Keeps the policy from being deleted or changed meanwhile (attaching to it).
        case share
        /// Serialises changes to the policy (its versions, tags, deletion).
        case update
    }

    static let columns = """
        p.policy_id, p.account_id, p.name, p.path, p.description, p.default_version, p.next_version, p.tags::text, p.created_at,
        p.updated_at,
        (SELECT count(*) FROM iam_policy_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn) AS attachment_count,
        (SELECT count(*) FROM iam_users u WHERE u.account_id = p.account_id AND u.permissions_boundary = p.arn)
          + (SELECT count(*) FROM iam_roles r WHERE r.account_id = p.account_id AND r.permissions_boundary = p.arn) AS boundary_count
        """

    typealias Row = (String, String, String, String, String?, String, Int32, String, Date, Date, Int64, Int64)

    static func record(_ row: Row) -> IAMPolicyRecord {
        IAMPolicyRecord(
            policyID: row.0, accountID: row.1, name: row.2, path: row.3, description: row.4, defaultVersion: row.5,
            nextVersion: Int(row.6), tags: TagRecord.list(fromJSON: row.7), createdAt: row.8, updatedAt: row.9,
            attachmentCount: Int(row.10), boundaryUsageCount: Int(row.11))
    }

    /// Inserts a policy with its first version `v1` (the default).
    /// - Throws: ``StoreError/duplicate(_:)`` when the name is taken (any case).
    public func create(_ policy: IAMPolicyRecord, document: String) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_policies (policy_id, account_id, name, path, description, default_version, next_version, tags, created_at,
                                      updated_at, arn)
            VALUES (\(policy.policyID), \(accountID), \(policy.name), \(policy.path), \(policy.description), 'v1', 2,
                    \(TagRecord.json(policy.tags))::jsonb, \(policy.createdAt), \(policy.updatedAt), \(policy.arn))
            """)
        try await transaction.execute(
            """
            INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at)
            VALUES (\(policy.policyID), 'v1', \(document), \(policy.createdAt))
            """)
    }

    /// The policy at `path` named `name` (any case), or nil.
    public func named(_ name: String, path: String, lock: Lock = .none) async throws -> IAMPolicyRecord? {
        let suffix: String
        switch lock {
        case .none: suffix = ""
        case .share: suffix = " FOR SHARE OF p"
        case .update: suffix = " FOR UPDATE OF p"
        }
        return try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_policies p
            WHERE p.account_id = \(accountID) AND lower(p.name) = lower(\(name)) AND p.path = \(path)\(unescaped: suffix)
            """,
            as: Row.self
        ).first.map(Self.record)
    }

    /// Policies whose path starts with `pathPrefix`, ordered by ``sortKey(name:arn:)``, after `after`
    /// (exclusive), at most `limit`; only attached ones, or only boundaries in use, when asked.
    public func list(
        pathPrefix: String, after: String?, limit: Int, attachedOnly: Bool = false, boundariesOnly: Bool = false
    ) async throws -> [IAMPolicyRecord] {
        try await transaction.rows(
            """
            SELECT * FROM (
              SELECT \(unescaped: Self.columns), (lower(p.name) || ' ' || p.arn) COLLATE "C" AS sort_key FROM iam_policies p
              WHERE p.account_id = \(accountID) AND starts_with(p.path, \(pathPrefix))
            ) listed
            WHERE (\(after)::text IS NULL OR sort_key > \(after)::text COLLATE "C")
              AND (NOT \(attachedOnly) OR attachment_count > 0)
              AND (NOT \(boundariesOnly) OR boundary_count > 0)
            ORDER BY sort_key LIMIT \(limit)
            """,
            as: (String, String, String, String, String?, String, Int32, String, Date, Date, Int64, Int64, String).self
        ).map { row in
            Self.record((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11))
        }
    }

    /// The key policies are listed by: lower-cased name, then ARN (AWS's and the account's interleave).
    public static func sortKey(name: String, arn: String) -> String { name.lowercased() + " " + arn }

    /// Deletes a policy and its versions.
    public func delete(policyID: String) async throws {
        try await transaction.execute("DELETE FROM iam_policies WHERE account_id = \(accountID) AND policy_id = \(policyID)")
    }

    /// Every version of a policy, newest first.
    public func versions(policyID: String) async throws -> [PolicyVersionRecord] {
        try await transaction.rows(
            "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_id = \(policyID)",
            as: (String, String, Date).self
        ).map { PolicyVersionRecord(versionID: $0.0, document: $0.1, createdAt: $0.2) }.sorted { $0.number > $1.number }
    }

    /// One version of a policy, or nil.
    public func version(policyID: String, versionID: String) async throws -> PolicyVersionRecord? {
        try await transaction.rows(
            "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_id = \(policyID) AND version_id = \(versionID)",
            as: (String, String, Date).self
        ).first.map { PolicyVersionRecord(versionID: $0.0, document: $0.1, createdAt: $0.2) }
    }

    /// Adds the policy's next version (the policy row must be locked) and returns it. The policy's update
    /// time becomes the new version's creation time, as AWS reports `UpdateDate`.
    public func addVersion(to policy: IAMPolicyRecord, document: String, at date: Date, setAsDefault: Bool) async throws -> PolicyVersionRecord {
        let version = PolicyVersionRecord(versionID: "v\(policy.nextVersion)", document: document, createdAt: date)
        try await transaction.execute(
            """
            INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at)
            VALUES (\(policy.policyID), \(version.versionID), \(document), \(date))
            """)
        try await transaction.execute(
            """
            UPDATE iam_policies SET next_version = next_version + 1,
              default_version = CASE WHEN \(setAsDefault) THEN \(version.versionID) ELSE default_version END,
              updated_at = \(date)
            WHERE account_id = \(accountID) AND policy_id = \(policy.policyID)
            """)
        return version
    }

    /// Deletes one version (never the default: the caller checks).
    public func deleteVersion(policyID: String, versionID: String) async throws {
        try await transaction.execute("DELETE FROM iam_policy_versions WHERE policy_id = \(policyID) AND version_id = \(versionID)")
    }

    /// Makes `versionID` the version that applies.
    public func setDefaultVersion(policyID: String, versionID: String) async throws {
        try await transaction.execute(
            """
            UPDATE iam_policies SET default_version = \(versionID)
            WHERE account_id = \(accountID) AND policy_id = \(policyID)
            """)
    }

    /// Replaces the policy's tags.
    public func setTags(policyID: String, _ tags: [TagRecord]) async throws {
        try await transaction.execute(
            "UPDATE iam_policies SET tags = \(TagRecord.json(tags))::jsonb WHERE account_id = \(accountID) AND policy_id = \(policyID)")
    }

    /// How the account uses each of `arns` (AWS-managed policies, which have no row here).
    public func usage(of arns: [String]) async throws -> [String: PolicyUsage] {
        guard !arns.isEmpty else { return [:] }
        let rows = try await transaction.rows(
            """
            SELECT t.arn,
              (SELECT count(*) FROM iam_policy_attachments a WHERE a.account_id = \(accountID) AND a.policy_arn = t.arn),
              (SELECT count(*) FROM iam_users u WHERE u.account_id = \(accountID) AND u.permissions_boundary = t.arn)
                + (SELECT count(*) FROM iam_roles r WHERE r.account_id = \(accountID) AND r.permissions_boundary = t.arn)
            FROM unnest(\(arns)::text[]) AS t(arn)
            """,
            as: (String, Int64, Int64).self)
        var result: [String: PolicyUsage] = [:]
        for (arn, attachments, boundaries) in rows { result[arn] = PolicyUsage(attachments: Int(attachments), boundaries: Int(boundaries)) }
        return result
    }

    /// The ARNs of the AWS-managed policies the account has attached somewhere (or, `asBoundary`, uses as a
    /// permissions boundary), for `ListPolicies`' `OnlyAttached` and `PolicyUsageFilter`.
    public func awsManagedPoliciesInUse(asBoundary: Bool) async throws -> Set<String> {
        let prefix = "arn:aws:iam::aws:policy/"
        let rows = try await transaction.rows(
            """
            SELECT policy_arn FROM iam_policy_attachments
              WHERE NOT \(asBoundary) AND account_id = \(accountID) AND policy_id IS NULL
            UNION
            SELECT permissions_boundary FROM iam_users
              WHERE \(asBoundary) AND account_id = \(accountID) AND starts_with(permissions_boundary, \(prefix))
            UNION
            SELECT permissions_boundary FROM iam_roles
              WHERE \(asBoundary) AND account_id = \(accountID) AND starts_with(permissions_boundary, \(prefix))
            """,
            as: String.self)
        return Set(rows)
    }

    /// The number of customer managed policies in the account.
    public func count() async throws -> Int {
        try await transaction.count("SELECT count(*)::bigint FROM iam_policies WHERE account_id = \(accountID)")
    }
}
