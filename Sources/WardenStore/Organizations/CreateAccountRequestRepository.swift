public import Foundation
import PostgresNIO

/// `CreateAccount` requests, on the call's (or the worker's) transaction.
public struct CreateAccountRequestRepository: Sendable {

    public let transaction: StoreTransaction

    public init(transaction: StoreTransaction) {
        self.transaction = transaction
    }

    typealias Row = (String, String, String, String, String, String, String, String, String?, String?, Date, Date?)

    static let columns = """
        request_id, organization_id, account_name, email, role_name, iam_user_access_to_billing, tags::text, state, account_id,
        failure_reason, requested_at, completed_at
        """

    /// The key pages are ordered by: the request time in microseconds, zero-padded, then the id.
    static let sortKey = "lpad((extract(epoch FROM requested_at) * 1000000)::bigint::text, 20, '0') || ':' || request_id"

    static func record(_ row: Row) -> CreateAccountRequestRecord {
        CreateAccountRequestRecord(
            requestID: row.0, organizationID: row.1, accountName: row.2, email: row.3, roleName: row.4, iamUserAccessToBilling: row.5,
            tags: TagRecord.list(fromJSON: row.6), state: row.7, accountID: row.8, failureReason: row.9, requestedAt: row.10,
            completedAt: row.11)
    }

    /// Records a new request and wakes the workers when the transaction commits.
    public func create(_ request: CreateAccountRequestRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_create_account_requests (request_id, organization_id, account_name, email, role_name,
                                                     iam_user_access_to_billing, tags, state, requested_at)
            VALUES (\(request.requestID), \(request.organizationID), \(request.accountName), \(request.email), \(request.roleName),
                    \(request.iamUserAccessToBilling), \(TagRecord.json(request.tags))::jsonb, 'IN_PROGRESS', \(request.requestedAt))
            """)
    }

    /// The request `requestID` of the organization, or nil.
    public func request(_ requestID: String, organizationID: String) async throws -> CreateAccountRequestRecord? {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_create_account_requests
            WHERE request_id = \(requestID) AND organization_id = \(organizationID)
            """, as: Row.self
        ).first.map(Self.record)
    }

    /// The organization's requests in `states` (all when empty), oldest first, after the sort key `after`,
    /// at most `limit`; with each its sort key.
    public func list(organizationID: String, states: [String], after: String?, limit: Int) async throws -> [(
        request: CreateAccountRequestRecord, key: String
    )] {
        let rows = try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: Self.sortKey) FROM org_create_account_requests
            WHERE organization_id = \(organizationID)
              AND (cardinality(\(states)::text[]) = 0 OR state = ANY(\(states)::text[]))
              AND (\(after)::text IS NULL OR \(unescaped: Self.sortKey) > \(after))
            ORDER BY 13 LIMIT \(limit)
            """,
            as: (String, String, String, String, String, String, String, String, String?, String?, Date, Date?, String).self)
        return rows.map { row in
            (Self.record((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11)), row.12)
        }
    }

    /// The oldest request still `IN_PROGRESS` that no other worker holds, locked until the transaction ends;
    /// nil when there is none.
    public func nextPending() async throws -> CreateAccountRequestRecord? {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_create_account_requests
            WHERE state = 'IN_PROGRESS' ORDER BY requested_at, request_id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, as: Row.self
        ).first.map(Self.record)
    }

    /// Finishes a request as `SUCCEEDED` with the account it created.
    public func succeed(_ requestID: String, accountID: String, at date: Date) async throws {
        try await transaction.execute(
            """
            UPDATE org_create_account_requests SET state = 'SUCCEEDED', account_id = \(accountID), completed_at = \(date)
            WHERE request_id = \(requestID) AND state = 'IN_PROGRESS'
            """)
    }

    /// Finishes a request as `FAILED` with AWS's `reason` (`EMAIL_ALREADY_EXISTS`, …).
    public func fail(_ requestID: String, reason: String, at date: Date) async throws {
        try await transaction.execute(
            """
            UPDATE org_create_account_requests SET state = 'FAILED', failure_reason = \(reason), completed_at = \(date)
            WHERE request_id = \(requestID) AND state = 'IN_PROGRESS'
            """)
    }
}
