public import Foundation
import PostgresNIO

/// Appends events to `audit_events`, chained per account, and reads them back for lookups. Nothing here
/// updates or deletes an event: the table refuses it, and retention drops whole partitions
/// (``AuditPartitions``).
public enum AuditRepository {
    /// Appends `events` to their chains on `transaction`, in the order given within each chain, each with the
    /// organization its account belongs to at that moment. Each chain's head stays locked until the
    /// transaction ends, so the events are numbered in commit order without gaps. Two statements, whatever
    /// the number of events.
    public static func append(_ events: [AuditEvent], _ transaction: StoreTransaction) async throws {
        guard !events.isEmpty else { return }
        try await chain(events, transaction)
    }

    /// Queues the event of a change on the change's transaction: it commits with the change, and
    /// ``appendQueued(_:limit:_:)`` moves it into its chain. One statement, no lock.
    public static func enqueue(_ event: AuditEvent, _ transaction: StoreTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO audit_outbox (
                event_id, event_time_us, chain, other_account_id, event_source, event_name, username, access_key_id, read_only,
                resource_types, resource_names, error_code, document)
            VALUES (
                \(event.eventID), \(event.timeMicroseconds), \(event.chain), \(event.otherAccountID), \(event.eventSource), \(event.eventName),
                \(event.username), \(event.accessKeyID), \(event.readOnly), \(event.resources.map(\.type)), \(event.resources.map(\.name)),
                \(event.errorCode), \(event.document))
            """)
    }

    /// Appends up to `limit` queued change events (oldest first), then `events`, on `transaction`; the queued
    /// ones are deleted from the queue by the same transaction, so each is chained exactly once whichever
    /// replica gets it.
    /// - Returns: how many queued events were chained.
    @discardableResult
    public static func appendQueued(_ events: [AuditEvent], limit: Int, _ transaction: StoreTransaction) async throws -> Int {
        let queued = try await transaction.rows(
            """
            DELETE FROM audit_outbox WHERE position IN (
                SELECT position FROM audit_outbox ORDER BY position LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING position, event_id, event_time_us, chain, other_account_id, event_source, event_name, username, access_key_id,
                read_only, resource_types, resource_names, error_code, document
            """,
            as: (Int64, UUID, Int64, String, String?, String, String, String?, String?, Bool, [String], [String], String?, String).self
        ).sorted { $0.0 < $1.0 }.map { row in
            var event = AuditEvent(
                eventID: row.1, time: Date(timeIntervalSince1970: 0), chain: row.3, otherAccountID: row.4, organizationID: nil,
                eventSource: row.5, eventName: row.6, username: row.7, accessKeyID: row.8, readOnly: row.9,
                resources: zip(row.10, row.11).map { AuditEvent.Resource(type: $0, name: $1) }, errorCode: row.12, document: row.13)
            event.timeMicroseconds = row.2
            return event
        }
        guard !(queued.isEmpty && events.isEmpty) else { return 0 }
        try await chain(queued + events, transaction)
        return queued.count
    }

    private static func chain(_ events: [AuditEvent], _ transaction: StoreTransaction) async throws {
        var chains: [String] = []
        var byChain: [String: [AuditEvent]] = [:]
        for event in events {
            if byChain[event.chain] == nil { chains.append(event.chain) }
            byChain[event.chain, default: []].append(event)
        }
        // Heads are locked in one order (sorted), so two batches never wait on each other in a cycle.
        let heads = try await transaction.rows(
            """
            INSERT INTO audit_chains (chain) SELECT c FROM unnest(\(chains.sorted())::text[]) AS c ORDER BY c
            ON CONFLICT (chain) DO UPDATE SET chain = excluded.chain
            RETURNING chain, sequence, hash, (SELECT organization_id FROM org_accounts WHERE account_id = chain)
            """, as: (String, Int64, ByteBuffer, String?).self)
        var chained: [ChainedAuditEvent] = []
        chained.reserveCapacity(events.count)
        var newHeads: [(String, Int64, [UInt8])] = []
        for (chain, sequence, hash, organization) in heads {
            let events = (byChain[chain] ?? []).map { event in
                var event = event
                event.organizationID = organization
                return event
            }
            let links = AuditChain.chain(events, after: sequence, hash: Array(buffer: hash))
            chained += links
            if let last = links.last { newHeads.append((chain, last.sequence, last.hash)) }
        }
        try await transaction.execute(insert(chained, heads: newHeads))
    }

    /// One statement: insert the chained events and move their chains' heads.
    private static func insert(_ events: [ChainedAuditEvent], heads: [(String, Int64, [UInt8])]) -> PostgresQuery {
        let separator = "\u{1F}"
        return """
            WITH inserted AS (
            INSERT INTO audit_events (
                event_id, event_time, chain, sequence, other_account_id, organization_id, event_source, event_name, username,
                access_key_id, read_only, resource_types, resource_names, error_code, document, previous_hash, hash, lookup_keys)
            SELECT e.id, timestamptz '1970-01-01 00:00:00+00' + e.us * interval '1 microsecond', e.chain, e.sequence,
                NULLIF(e.other, ''), NULLIF(e.organization, ''), e.source, e.name, NULLIF(e.username, ''), NULLIF(e.key, ''), e.read_only,
                string_to_array(e.types, E'\\x1f'), string_to_array(e.names, E'\\x1f'), NULLIF(e.error, ''), e.document,
                decode(e.previous, 'hex'), decode(e.hash, 'hex'), string_to_array(e.lookup, E'\\x1f')
            FROM unnest(
                \(events.map(\.event.eventID))::uuid[], \(events.map(\.event.timeMicroseconds))::bigint[], \(events.map(\.event.chain))::text[],
                \(events.map(\.sequence))::bigint[], \(events.map { $0.event.otherAccountID ?? "" })::text[],
                \(events.map { $0.event.organizationID ?? "" })::text[], \(events.map(\.event.eventSource))::text[],
                \(events.map(\.event.eventName))::text[], \(events.map { $0.event.username ?? "" })::text[],
                \(events.map { $0.event.accessKeyID ?? "" })::text[], \(events.map(\.event.readOnly))::boolean[],
                \(events.map { $0.event.resources.map(\.type).joined(separator: separator) })::text[],
                \(events.map { $0.event.resources.map(\.name).joined(separator: separator) })::text[],
                \(events.map { $0.event.errorCode ?? "" })::text[], \(events.map(\.event.document))::text[],
                \(events.map { hex($0.previousHash) })::text[], \(events.map { hex($0.hash) })::text[],
                \(events.map { $0.event.lookupKeys.joined(separator: separator) })::text[]
            ) AS e(id, us, chain, sequence, other, organization, source, name, username, key, read_only, types, names, error, document, previous, hash, lookup)
            )
            UPDATE audit_chains AS c SET sequence = h.sequence, hash = decode(h.hash, 'hex')
            FROM unnest(\(heads.map(\.0))::text[], \(heads.map(\.1))::bigint[], \(heads.map { hex($0.2) })::text[])
                AS h(chain, sequence, hash)
            WHERE c.chain = h.chain
            """
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The columns every read of whole events selects, in ``event(_:)``'s order.
    static let columns: PostgresQuery = """
        SELECT event_id, (extract(epoch FROM event_time) * 1000000)::bigint, chain, sequence, other_account_id, organization_id,
            event_source, event_name, username, access_key_id, read_only, resource_types, resource_names, error_code, document,
            previous_hash, hash, lookup_keys
        FROM audit_events
        """

    typealias Row = (
        UUID, Int64, String, Int64, String?, String?, String, String, String?, String?, Bool, [String], [String], String?, String,
        ByteBuffer, ByteBuffer, [String]
    )
    static let rowType = (
        UUID, Int64, String, Int64, String?, String?, String, String, String?, String?, Bool, [String], [String], String?, String,
        ByteBuffer, ByteBuffer, [String]
    ).self

    static func event(_ row: Row) -> ChainedAuditEvent {
        var event = AuditEvent(
            eventID: row.0, time: Date(timeIntervalSince1970: 0), chain: row.2, otherAccountID: row.4, organizationID: row.5,
            eventSource: row.6, eventName: row.7, username: row.8, accessKeyID: row.9, readOnly: row.10,
            resources: zip(row.11, row.12).map { AuditEvent.Resource(type: $0, name: $1) }, errorCode: row.13, document: row.14)
        event.timeMicroseconds = row.1
        return ChainedAuditEvent(
            event: event, sequence: row.3, previousHash: Array(buffer: row.15), hash: Array(buffer: row.16), storedLookupKeys: row.17)
    }

    /// Events of `lookup`, newest first.
    public static func lookup(_ lookup: AuditLookup, _ transaction: StoreTransaction) async throws -> [ChainedAuditEvent] {
        var query = columns
        query.sql += " WHERE event_time >= timestamptz '1970-01-01 00:00:00+00' + $1 * interval '1 microsecond'"
        query.sql += " AND event_time < timestamptz '1970-01-01 00:00:00+00' + $2 * interval '1 microsecond'"
        query.binds.append(lookup.startMicroseconds, context: .default)
        query.binds.append(lookup.endMicroseconds, context: .default)
        var next = 3
        func bind(_ value: some PostgresEncodable & Sendable) throws -> String {
            try query.binds.append(value, context: .default)
            defer { next += 1 }
            return "$\(next)"
        }
        let accounts = try bind(lookup.accounts)
        if let organization = lookup.organizationID {
            query.sql += " AND (chain = ANY(\(accounts)::text[]) OR other_account_id = ANY(\(accounts)::text[]) OR organization_id = \(try bind(organization)))"
        } else {
            query.sql += " AND (chain = ANY(\(accounts)::text[]) OR other_account_id = ANY(\(accounts)::text[]))"
        }
        if let attribute = lookup.attribute, attribute.key == .eventID {
            // The id tells its millisecond: one millisecond of the time index holds the event.
            guard let id = UUID(uuidString: attribute.value), let millisecond = AuditEvent.millisecond(of: id) else { return [] }
            let (eventID, from) = (try bind(id), try bind(millisecond * 1000))
            query.sql += " AND event_id = \(eventID)::uuid AND event_time >= timestamptz '1970-01-01 00:00:00+00' + \(from) * interval '1 microsecond'"
            query.sql += " AND event_time < timestamptz '1970-01-01 00:00:00+00' + (\(from) + 1000) * interval '1 microsecond'"
        } else if let attribute = lookup.attribute {
            let value = try bind(attribute.value)
            switch attribute.key {
            case .readOnly:
                // Two values: an index would not narrow it; the time index with a filter does.
                query.sql += " AND read_only = (lower(\(value)) = 'true')"
            case .eventID, .eventName, .eventSource, .username, .accessKeyID, .resourceName, .resourceType:
                query.sql += " AND lookup_keys @> ARRAY['\(attribute.key.lookupKeyPrefix)' || \(value)::text]"
            }
        }
        if let (time, eventID) = lookup.after {
            let (t, id) = (try bind(time), try bind(eventID))
            query.sql += " AND (event_time, event_id) < (timestamptz '1970-01-01 00:00:00+00' + \(t) * interval '1 microsecond', \(id)::uuid)"
        }
        query.sql += " ORDER BY event_time DESC, event_id DESC LIMIT \(try bind(lookup.limit))"
        return try await transaction.rows(query, as: rowType).map(event)
    }

    /// The organization whose every event `account` may look up: its own organization when it is the
    /// management account or the delegated administrator for CloudTrail; nil otherwise.
    public static func organizationView(of account: String, _ transaction: StoreTransaction) async throws -> String? {
        try await transaction.rows(
            """
            SELECT o.organization_id FROM org_accounts a JOIN organizations o ON o.organization_id = a.organization_id
            WHERE a.account_id = \(account) AND (o.management_account_id = \(account) OR EXISTS (
                SELECT 1 FROM org_delegated_administrators d WHERE d.account_id = \(account) AND d.service_principal = 'cloudtrail.amazonaws.com'))
            """, as: String.self
        ).first
    }

    /// Every chain's head: the sequence and hash of its last event.
    public static func heads(_ transaction: StoreTransaction) async throws -> [String: (sequence: Int64, hash: [UInt8])] {
        var heads: [String: (Int64, [UInt8])] = [:]
        for (chain, sequence, hash) in try await transaction.rows("SELECT chain, sequence, hash FROM audit_chains", as: (String, Int64, ByteBuffer).self) {
            heads[chain] = (sequence, Array(buffer: hash))
        }
        return heads
    }

    /// Where each chain resumes after retention dropped its oldest events.
    public static func anchors(_ transaction: StoreTransaction) async throws -> [String: (sequence: Int64, hash: [UInt8])] {
        var anchors: [String: (Int64, [UInt8])] = [:]
        for (chain, sequence, hash) in try await transaction.rows(
            "SELECT chain, sequence, hash FROM audit_chain_anchors", as: (String, Int64, ByteBuffer).self)
        {
            anchors[chain] = (sequence, Array(buffer: hash))
        }
        return anchors
    }

    /// Up to `limit` events of `chain` from `sequence` on, in sequence order (events sharing a sequence, which
    /// only tampering makes, in storage order).
    public static func events(chain: String, from sequence: Int64, limit: Int, _ transaction: StoreTransaction) async throws -> [ChainedAuditEvent] {
        var query = columns
        query.sql += " WHERE chain = $1 AND sequence >= $2 ORDER BY sequence, ctid LIMIT $3"
        query.binds.append(chain, context: .default)
        query.binds.append(sequence, context: .default)
        query.binds.append(limit, context: .default)
        return try await transaction.rows(query, as: rowType).map(event)
    }

    /// Every event from `start` (inclusive) to `end` (exclusive), oldest first, `limit` at a time after `after`.
    public static func events(
        from start: Date, to end: Date, after: (time: Int64, eventID: UUID)?, limit: Int, _ transaction: StoreTransaction
    ) async throws -> [ChainedAuditEvent] {
        var query = columns
        query.sql += " WHERE event_time >= timestamptz '1970-01-01 00:00:00+00' + $1 * interval '1 microsecond'"
        query.sql += " AND event_time < timestamptz '1970-01-01 00:00:00+00' + $2 * interval '1 microsecond'"
        query.binds.append(AuditEvent.microseconds(start), context: .default)
        query.binds.append(AuditEvent.microseconds(end), context: .default)
        if let after {
            query.sql += " AND (event_time, event_id) > (timestamptz '1970-01-01 00:00:00+00' + $3 * interval '1 microsecond', $4::uuid)"
            query.binds.append(after.time, context: .default)
            query.binds.append(after.eventID, context: .default)
        }
        query.sql += " ORDER BY event_time, event_id LIMIT \(limit)"
        return try await transaction.rows(query, as: rowType).map(event)
    }
}

/// What `LookupEvents` asks of the trail: whose events, which attribute, which time range, which page.
public struct AuditLookup: Sendable {
    /// The attributes CloudTrail's `LookupEvents` filters on.
    public enum Attribute: String, Sendable, CaseIterable {
        case eventID = "EventId"
        case eventName = "EventName"
        case readOnly = "ReadOnly"
        case username = "Username"
        case resourceType = "ResourceType"
        case resourceName = "ResourceName"
        case eventSource = "EventSource"
        case accessKeyID = "AccessKeyId"

        /// The prefix of this attribute's entries in `lookup_keys` (``AuditEvent/lookupKeys``).
        var lookupKeyPrefix: String {
            switch self {
            case .eventName: "n:"
            case .eventSource: "s:"
            case .username: "u:"
            case .accessKeyID: "k:"
            case .resourceName: "r:"
            case .resourceType: "t:"
            case .eventID, .readOnly: ""
            }
        }
    }

    /// The accounts whose events (recorded for them, or naming them as the other account) are visible.
    public var accounts: [String]
    /// An organization whose members' events are all visible (the management account's view).
    public var organizationID: String?
    public var attribute: (key: Attribute, value: String)?
    public var startMicroseconds: Int64
    public var endMicroseconds: Int64
    /// The last event of the previous page: (time in microseconds, event id).
    public var after: (Int64, UUID)?
    public var limit: Int

    public init(accounts: [String], organizationID: String? = nil, startMicroseconds: Int64, endMicroseconds: Int64, limit: Int) {
        self.accounts = accounts
        self.organizationID = organizationID
        self.startMicroseconds = startMicroseconds
        self.endMicroseconds = endMicroseconds
        self.limit = limit
    }
}
