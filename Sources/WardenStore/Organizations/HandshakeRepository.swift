public import Foundation
import PostgresNIO

/// Handshakes (invitations to join an organization), on the call's transaction: the sender's view by
/// organization, the recipient's by account id or email.
public struct HandshakeRepository: Sendable {
    public let transaction: StoreTransaction

    public init(transaction: StoreTransaction) {
        self.transaction = transaction
    }

    static let select = """
        SELECT h.handshake_id, h.organization_id, h.action, h.state, h.target_type, h.target, h.notes, h.tags::text,
               h.requested_at, h.expires_at, h.responded_at, o.management_account_id, a.email, a.name, o.feature_set
        FROM org_handshakes h
        JOIN organizations o ON o.organization_id = h.organization_id
        JOIN accounts a ON a.account_id = o.management_account_id
        """
    typealias Row = (String, String, String, String, String, String, String?, String, Date, Date, Date?, String, String, String, String)

    static func record(_ row: Row) -> HandshakeRecord {
        HandshakeRecord(
            handshakeID: row.0, organizationID: row.1, action: row.2, state: row.3, targetType: row.4, target: row.5, notes: row.6,
            tags: TagRecord.list(fromJSON: row.7), requestedAt: row.8, expiresAt: row.9, respondedAt: row.10, managementAccountID: row.11,
            managementEmail: row.12, managementName: row.13, featureSet: row.14)
    }

    /// Marks the organization's open handshakes past their expiry `EXPIRED`, so that a new invitation to the
    /// same target is not a duplicate of one nobody can answer any more.
    public func expireOverdue(organizationID: String, at now: Date) async throws {
        try await transaction.execute(
            """
            UPDATE org_handshakes SET state = 'EXPIRED', responded_at = expires_at
            WHERE organization_id = \(organizationID) AND state = 'OPEN' AND expires_at <= \(now)
            """)
    }

    /// Inserts a new handshake. - Throws: ``StoreError/duplicate(_:)`` when the organization has an open
    /// handshake of the same action for the same target.
    public func create(_ handshake: HandshakeRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_handshakes
                (handshake_id, organization_id, action, state, target_type, target, notes, tags, requested_at, expires_at)
            VALUES (\(handshake.handshakeID), \(handshake.organizationID), \(handshake.action), \(handshake.state), \(handshake.targetType),
                    \(handshake.target), \(handshake.notes), \(TagRecord.json(handshake.tags))::jsonb, \(handshake.requestedAt),
                    \(handshake.expiresAt))
            """)
    }

    /// The handshake `handshakeID`, or nil. `lock` holds its row (`FOR UPDATE`): answers to one handshake
    /// serialise, so it is accepted at most once.
    public func handshake(id handshakeID: String, lock: Bool = false) async throws -> HandshakeRecord? {
        try await transaction.rows(
            "\(unescaped: Self.select) WHERE h.handshake_id = \(handshakeID)\(unescaped: lock ? " FOR UPDATE OF h" : "")", as: Row.self
        ).first.map(Self.record)
    }

    /// The handshakes an organization sent, oldest first.
    public func sent(byOrganization organizationID: String) async throws -> [HandshakeRecord] {
        try await transaction.rows(
            "\(unescaped: Self.select) WHERE h.organization_id = \(organizationID) ORDER BY h.requested_at, h.handshake_id", as: Row.self
        ).map(Self.record)
    }

    /// The handshakes sent to an account, by its id or its email address, oldest first.
    public func received(byAccount accountID: String, email: String) async throws -> [HandshakeRecord] {
        try await transaction.rows(
            """
            \(unescaped: Self.select)
            WHERE (h.target_type = 'ACCOUNT' AND h.target = \(accountID)) OR (h.target_type = 'EMAIL' AND lower(h.target) = lower(\(email)))
            ORDER BY h.requested_at, h.handshake_id
            """, as: Row.self
        ).map(Self.record)
    }

    /// Records an answer: `ACCEPTED`, `DECLINED` or `CANCELED` at `date`.
    public func respond(id handshakeID: String, state: String, at date: Date) async throws {
        try await transaction.execute(
            "UPDATE org_handshakes SET state = \(state), responded_at = \(date) WHERE handshake_id = \(handshakeID)")
    }

    /// The account an invitation by email reaches: the one with that address (any case), if Warden has it.
    public func accountID(withEmail email: String) async throws -> String? {
        try await transaction.rows("SELECT account_id FROM accounts WHERE lower(email) = lower(\(email))", as: String.self).first
    }
}
