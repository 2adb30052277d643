import Foundation
import PostgresNIO

/// The OpenID Connect providers of one account, on the call's transaction.
public struct OpenIDConnectProviderRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    static let columns = "url, client_ids, thumbprints, tags::text, created_at"
    typealias Row = (String, [String], [String], String, Date)

    static func record(_ row: Row) -> OpenIDConnectProviderRecord {
        OpenIDConnectProviderRecord(url: row.0, clientIDs: row.1, thumbprints: row.2, tags: TagRecord.list(fromJSON: row.3), createdAt: row.4)
    }

    /// Inserts a provider. - Throws: ``StoreError/duplicate(_:)`` when the account has one for this URL (any case).
    public func create(_ provider: OpenIDConnectProviderRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_oidc_providers (account_id, url, client_ids, thumbprints, tags, created_at)
            VALUES (\(accountID), \(provider.url), \(provider.clientIDs), \(provider.thumbprints), \(TagRecord.json(provider.tags))::jsonb,
                    \(provider.createdAt))
            """)
    }

    /// How many providers the account has, counted under a lock on the account's row until the transaction
    /// ends, so concurrent creations cannot together pass the account's quota.
    public func countForCreation() async throws -> Int {
        try await transaction.lockAccount(accountID)
        return try await transaction.count("SELECT count(*)::bigint FROM iam_oidc_providers WHERE account_id = \(accountID)")
    }

    /// The provider for `url` (without its scheme), or nil; `lock` holds its row until the call ends.
    public func withURL(_ url: String, lock: Bool = false) async throws -> OpenIDConnectProviderRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_oidc_providers WHERE account_id = \(accountID) AND url = \(url) FOR UPDATE"
            : "SELECT \(unescaped: Self.columns) FROM iam_oidc_providers WHERE account_id = \(accountID) AND url = \(url)"
        return try await transaction.rows(query, as: Row.self).first.map(Self.record)
    }

    /// Every provider of the account, by URL.
    public func list() async throws -> [OpenIDConnectProviderRecord] {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM iam_oidc_providers WHERE account_id = \(accountID) ORDER BY url", as: Row.self
        ).map(Self.record)
    }

    /// Replaces a provider's audiences, thumbprints and tags.
    public func update(_ provider: OpenIDConnectProviderRecord) async throws {
        try await transaction.execute(
            """
            UPDATE iam_oidc_providers SET client_ids = \(provider.clientIDs), thumbprints = \(provider.thumbprints),
                tags = \(TagRecord.json(provider.tags))::jsonb
            WHERE account_id = \(accountID) AND url = \(provider.url)
            """)
    }

    /// Deletes the provider for `url`. - Returns: whether there was one.
    public func delete(_ url: String) async throws -> Bool {
        try await transaction.count(
            "WITH deleted AS (DELETE FROM iam_oidc_providers WHERE account_id = \(accountID) AND url = \(url) RETURNING 1) SELECT count(*)::bigint FROM deleted"
        ) > 0
    }
}
