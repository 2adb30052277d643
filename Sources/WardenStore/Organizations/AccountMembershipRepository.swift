public import Foundation
import PostgresNIO

/// The member accounts of one organization: the accounts it creates, where they sit, and their removal and
/// closure, on the call's (or the worker's) transaction.
public struct AccountMembershipRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    typealias Row = (String, String, String, String, Date?, String, String, String, Date)

    static let columns = """
        a.account_id, a.name, a.email, a.status, a.closed_at, m.organization_id, m.parent_id, m.joined_method, m.joined_at
        """

    static func record(_ row: Row) -> OrganizationAccountRecord {
        OrganizationAccountRecord(
            accountID: row.0, name: row.1, email: row.2, status: row.3, closedAt: row.4, organizationID: row.5, parentID: row.6,
            joinedMethod: row.7, joinedAt: row.8)
    }

    /// The member `accountID` of this organization, or nil. `lock` holds its membership and account rows
    /// (`FOR UPDATE`) until the transaction ends: moves, removals and closures of one account serialize.
    public func member(_ accountID: String, lock: Bool = false) async throws -> OrganizationAccountRecord? {
        let query: PostgresQuery =
            lock
            ? """
            SELECT \(unescaped: Self.columns) FROM org_accounts m JOIN accounts a ON a.account_id = m.account_id
            WHERE m.account_id = \(accountID) AND m.organization_id = \(organizationID) FOR UPDATE
            """
            : """
            SELECT \(unescaped: Self.columns) FROM org_accounts m JOIN accounts a ON a.account_id = m.account_id
            WHERE m.account_id = \(accountID) AND m.organization_id = \(organizationID)
            """
        return try await transaction.rows(query, as: Row.self).first.map(Self.record)
    }

    /// Members ordered by account id, after `after` (exclusive), at most `limit`; only those directly in
    /// `parentID` when given.
    public func list(parentID: String? = nil, after: String?, limit: Int) async throws -> [OrganizationAccountRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_accounts m JOIN accounts a ON a.account_id = m.account_id
            WHERE m.organization_id = \(organizationID) AND (\(parentID)::text IS NULL OR m.parent_id = \(parentID))
              AND (\(after)::text IS NULL OR m.account_id > \(after))
            ORDER BY m.account_id LIMIT \(limit)
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// Whether `unitID` is the root or an OU of this organization.
    public func parentExists(_ unitID: String) async throws -> Bool {
        try await !transaction.rows(
            "SELECT 1::int4 FROM org_units WHERE unit_id = \(unitID) AND organization_id = \(organizationID)", as: Int32.self
        ).isEmpty
    }

    /// The number of accounts in the organization, closed ones included (they count toward AWS's quota).
    public func count() async throws -> Int {
        try await transaction.count("SELECT count(*)::int8 FROM org_accounts WHERE organization_id = \(organizationID)")
    }

    /// Whether an account (of any organization, or none) already uses `email` (any case).
    public func emailInUse(_ email: String) async throws -> Bool {
        try await !transaction.rows("SELECT 1::int4 FROM accounts WHERE lower(email) = lower(\(email))", as: Int32.self).isEmpty
    }

    /// Inserts a new account with a fresh random 12-digit id (drawn again on the rare collision) and
    /// returns the id. - Throws: ``StoreError/duplicate(_:)`` (`accounts_email_key`) when the email is taken.
    public func createAccount(name: String, email: String, at date: Date, generateID: () -> String) async throws -> String {
        while true {
            let candidate = generateID()
            let inserted = try await transaction.rows(
                """
                INSERT INTO accounts (account_id, name, email, created_at) VALUES (\(candidate), \(name), \(email), \(date))
                ON CONFLICT (account_id) DO NOTHING RETURNING account_id
                """, as: String.self)
            if let id = inserted.first { return id }
        }
    }

    /// Sets tags on a member account (Organizations' own tags, `org_tags`).
    public func tag(_ accountID: String, _ tags: [TagRecord]) async throws {
        for tag in tags {
            try await transaction.execute(
                """
                INSERT INTO org_tags (organization_id, resource_id, key, value) VALUES (\(organizationID), \(accountID), \(tag.key), \(tag.value))
                ON CONFLICT (resource_id, key) DO UPDATE SET value = EXCLUDED.value
                """)
        }
    }

    /// Moves a member to `parentID`. The destination cannot vanish meanwhile: the foreign key holds its row
    /// (`KEY SHARE`), which an OU's deletion (`FOR UPDATE`) waits for or makes this wait.
    public func move(_ accountID: String, to parentID: String) async throws {
        try await transaction.execute(
            "UPDATE org_accounts SET parent_id = \(parentID) WHERE account_id = \(accountID) AND organization_id = \(organizationID)")
    }

    /// Whether the member is a delegated administrator of some service.
    public func isDelegatedAdministrator(_ accountID: String) async throws -> Bool {
        try await !transaction.rows(
            "SELECT 1::int4 FROM org_delegated_administrators WHERE account_id = \(accountID) LIMIT 1", as: Int32.self
        ).isEmpty
    }

    /// Removes a member: it becomes a standalone account. Its policy attachments go with the membership
    /// (cascade); its Organizations tags are deleted, as AWS deletes them.
    public func remove(_ accountID: String) async throws {
        try await transaction.execute("DELETE FROM org_tags WHERE organization_id = \(organizationID) AND resource_id = \(accountID)")
        try await transaction.execute("DELETE FROM org_accounts WHERE account_id = \(accountID) AND organization_id = \(organizationID)")
    }

    /// Starts closing a member account: `PENDING_CLOSURE` from `date` until ``completeClosures(requestedBefore:)``.
    public func close(_ accountID: String, at date: Date) async throws {
        try await transaction.execute(
            "UPDATE accounts SET status = 'PENDING_CLOSURE', closed_at = \(date) WHERE account_id = \(accountID) AND status = 'ACTIVE'")
    }

    /// The number of the organization's members closed since `date` (AWS's rolling closure quota).
    public func closedCount(since date: Date) async throws -> Int {
        try await transaction.count(
            """
            SELECT count(*)::int8 FROM org_accounts m JOIN accounts a ON a.account_id = m.account_id
            WHERE m.organization_id = \(organizationID) AND a.closed_at >= \(date)
            """)
    }
}

extension AccountMembershipRepository {
    /// Finishes every closure requested before `date`: `PENDING_CLOSURE` becomes `SUSPENDED`, in every
    /// organization. Returns how many.
    @discardableResult
    public static func completeClosures(requestedBefore date: Date, transaction: StoreTransaction) async throws -> Int {
        try await transaction.rows(
            """
            UPDATE accounts SET status = 'SUSPENDED' WHERE status = 'PENDING_CLOSURE' AND closed_at <= \(date)
            RETURNING account_id
            """, as: String.self
        ).count
    }
}
