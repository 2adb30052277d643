public import Foundation
import PostgresNIO

/// An inline policy: a document embedded in one user, group or role.
public struct InlinePolicyRecord: Sendable, Hashable {
    public var name: String
    /// The document exactly as it was put.
    public var document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}

/// Inline policies of the users, groups and roles of one account, on the call's transaction.
public struct InlinePolicyRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    /// Adds or replaces (same name, any case) `holder`'s inline policy.
    public func put(_ policy: InlinePolicyRecord, on holder: PolicyHolder, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_inline_policies (account_id, entity_type, entity_id, name, document, created_at)
            VALUES (\(accountID), \(holder.kind.rawValue), \(holder.id), \(policy.name), \(policy.document), \(date))
            ON CONFLICT (entity_type, entity_id, lower(name)) DO UPDATE SET name = EXCLUDED.name, document = EXCLUDED.document
            """)
    }

    /// `holder`'s inline policy named `name` (any case), or nil.
    public func named(_ name: String, on holder: PolicyHolder) async throws -> InlinePolicyRecord? {
        try await transaction.rows(
            """
            SELECT name, document FROM iam_inline_policies
            WHERE account_id = \(accountID) AND entity_type = \(holder.kind.rawValue) AND entity_id = \(holder.id)
              AND lower(name) = lower(\(name))
            """,
            as: (String, String).self
        ).first.map { InlinePolicyRecord(name: $0.0, document: $0.1) }
    }

    /// Every inline policy of `holder`, ordered by name.
    public func all(on holder: PolicyHolder) async throws -> [InlinePolicyRecord] {
        try await transaction.rows(
            """
            SELECT name, document FROM iam_inline_policies
            WHERE account_id = \(accountID) AND entity_type = \(holder.kind.rawValue) AND entity_id = \(holder.id)
            ORDER BY lower(name) COLLATE "C"
            """,
            as: (String, String).self
        ).map { InlinePolicyRecord(name: $0.0, document: $0.1) }
    }

    /// Deletes `holder`'s inline policy named `name`; false when there was none.
    public func delete(_ name: String, on holder: PolicyHolder) async throws -> Bool {
        try await transaction.rows(
            """
            DELETE FROM iam_inline_policies
            WHERE account_id = \(accountID) AND entity_type = \(holder.kind.rawValue) AND entity_id = \(holder.id)
              AND lower(name) = lower(\(name))
            RETURNING 1::int4
            """,
            as: Int32.self
        ).count == 1
    }
}
