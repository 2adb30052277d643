import Foundation
import PostgresNIO

/// A user, group or role: what managed policies attach to and inline policies belong to.
public struct PolicyHolder: Sendable, Hashable {
    /// The kind, spelled as the attachment and inline-policy tables store it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case user, group, role

        /// `User`, `Group`, `Role`: as AWS names the kind in messages and quotas.
        public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    }

    public var kind: Kind
    /// `AIDA…`, `AGPA…` or `AROA…`.
    public var id: String
    public var name: String
    public var path: String
    /// Service-linked roles only AWS may change.
    public var isServiceLinked: Bool

    public init(kind: Kind, id: String, name: String, path: String, isServiceLinked: Bool = false) {
        self.kind = kind
        self.id = id
        self.name = name
        self.path = path
        self.isServiceLinked = isServiceLinked
    }
}

/// Finds users, groups and roles by name for the policy operations, without depending on their
/// own repositories: a lookup of the row (locked when asked) is all the policy operations need.
public struct PolicyHolderRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    /// The `kind` named `name` (any case), or nil. `lock` takes the row lock until the transaction ends,
    /// so changes to one holder's policies (quotas, aggregate sizes) serialise.
    public func named(_ kind: PolicyHolder.Kind, _ name: String, lock: Bool = false) async throws -> PolicyHolder? {
        let locking = lock ? " FOR UPDATE" : ""
        let query: PostgresQuery
        switch kind {
        case .user:
            query = """
                SELECT user_id, name, path, false FROM iam_users
                WHERE account_id = \(accountID) AND lower(name) = lower(\(name))\(unescaped: locking)
                """
        case .group:
            query = """
                SELECT group_id, name, path, false FROM iam_groups
                WHERE account_id = \(accountID) AND lower(name) = lower(\(name))\(unescaped: locking)
                """
        case .role:
            query = """
                SELECT role_id, name, path, service_linked_to IS NOT NULL FROM iam_roles
                WHERE account_id = \(accountID) AND lower(name) = lower(\(name))\(unescaped: locking)
                """
        }
        return try await transaction.rows(query, as: (String, String, String, Bool).self).first.map {
            PolicyHolder(kind: kind, id: $0.0, name: $0.1, path: $0.2, isServiceLinked: $0.3)
        }
    }
}
