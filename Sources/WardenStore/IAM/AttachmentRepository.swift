public import Foundation
import PostgresNIO

/// Managed policies (the account's or AWS's) attached to users, groups and roles of one account.
public struct AttachmentRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    /// Attaches `policyARN` to `holder`; attaching twice changes nothing. `policyID` is the customer
    /// managed policy's id, nil for an AWS-managed one. Returns whether it was newly attached.
    @discardableResult
    public func attach(policyARN: String, policyID: String?, to holder: PolicyHolder, at date: Date) async throws -> Bool {
        try await transaction.rows(
            """
            INSERT INTO iam_policy_attachments (account_id, policy_arn, policy_id, entity_type, entity_id, attached_at)
            VALUES (\(accountID), \(policyARN), \(policyID), \(holder.kind.rawValue), \(holder.id), \(date))
            ON CONFLICT DO NOTHING RETURNING 1::int4
            """,
            as: Int32.self
        ).count == 1
    }

    /// Detaches `policyARN` from `holder`; false when it was not attached.
    public func detach(policyARN: String, from holder: PolicyHolder) async throws -> Bool {
        try await transaction.rows(
            """
            DELETE FROM iam_policy_attachments
            WHERE account_id = \(accountID) AND entity_type = \(holder.kind.rawValue) AND entity_id = \(holder.id) AND policy_arn = \(policyARN)
            RETURNING 1::int4
            """,
            as: Int32.self
        ).count == 1
    }

    /// The ARNs of the policies attached to `holder`, in the order they were attached.
    public func attached(to holder: PolicyHolder) async throws -> [String] {
        try await transaction.rows(
            """
            SELECT policy_arn FROM iam_policy_attachments
            WHERE account_id = \(accountID) AND entity_type = \(holder.kind.rawValue) AND entity_id = \(holder.id)
            ORDER BY attached_at, policy_arn
            """,
            as: String.self)
    }

    /// The users, groups and roles `policyARN` is attached to (`attached`) or is the permissions boundary
    /// of (`boundaries`), each once, ordered by kind (groups, users, roles) and name.
    public func holders(of policyARN: String, attached: Bool, boundaries: Bool) async throws -> [PolicyHolder] {
        let rows = try await transaction.rows(
            """
            SELECT DISTINCT kind, id, name, path FROM (
              SELECT 'group' AS kind, g.group_id AS id, g.name, g.path FROM iam_policy_attachments a
                JOIN iam_groups g ON g.account_id = a.account_id AND g.group_id = a.entity_id
                WHERE \(attached) AND a.account_id = \(accountID) AND a.policy_arn = \(policyARN) AND a.entity_type = 'group'
              UNION ALL
              SELECT 'user', u.user_id, u.name, u.path FROM iam_policy_attachments a
                JOIN iam_users u ON u.account_id = a.account_id AND u.user_id = a.entity_id
                WHERE \(attached) AND a.account_id = \(accountID) AND a.policy_arn = \(policyARN) AND a.entity_type = 'user'
              UNION ALL
              SELECT 'role', r.role_id, r.name, r.path FROM iam_policy_attachments a
                JOIN iam_roles r ON r.account_id = a.account_id AND r.role_id = a.entity_id
                WHERE \(attached) AND a.account_id = \(accountID) AND a.policy_arn = \(policyARN) AND a.entity_type = 'role'
              UNION ALL
              SELECT 'user', u.user_id, u.name, u.path FROM iam_users u
                WHERE \(boundaries) AND u.account_id = \(accountID) AND u.permissions_boundary = \(policyARN)
              UNION ALL
              SELECT 'role', r.role_id, r.name, r.path FROM iam_roles r
                WHERE \(boundaries) AND r.account_id = \(accountID) AND r.permissions_boundary = \(policyARN)
            ) holders
            """,
            as: (String, String, String, String).self)
        let order: [PolicyHolder.Kind] = [.group, .user, .role]
        return rows.compactMap { row in
            PolicyHolder.Kind(rawValue: row.0).map { PolicyHolder(kind: $0, id: row.1, name: row.2, path: row.3) }
        }.sorted { lhs, rhs in
            let left = order.firstIndex(of: lhs.kind) ?? 0
            let right = order.firstIndex(of: rhs.kind) ?? 0
            return left != right ? left < right : lhs.name.lowercased() < rhs.name.lowercased()
        }
    }
}
