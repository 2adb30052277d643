public import Foundation
import PostgresNIO

/// The trail's daily partitions: made ahead of the calls that fill them, and dropped whole when older
/// than the retention period. Dropping a day first records, per chain, the last event it held, so
/// `warden audit verify` resumes each chain there.
public enum AuditPartitions {
    /// The partition holding the calls of `day` (UTC): `audit_events_20261201`.
    public static func name(of day: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: day)
        return String(format: "audit_events_%04d%02d%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// What the server does every hour (and `warden audit maintain` on demand): makes the partitions from the
    /// day before `now` to a week ahead, and drops the days older than `retentionDays` (none when nil).
    /// - Returns: the partitions made and dropped.
    public static func maintain(now: Date, retentionDays: Int?, _ transaction: StoreTransaction) async throws -> (made: [String], dropped: [String]) {
        let made = try await ensure(from: now.addingTimeInterval(-86_400), days: 9, transaction)
        guard let retentionDays else { return (made, []) }
        return (made, try await drop(endingBefore: now.addingTimeInterval(-Double(retentionDays) * 86_400), transaction))
    }

    /// Makes the partitions of `days` days from `day`'s (UTC) on, where missing. A day whose calls already went
    /// to the default partition (the clock was off) keeps them there: moving rows would mean deleting them.
    /// - Returns: the partitions made.
    @discardableResult
    public static func ensure(from day: Date, days: Int, _ transaction: StoreTransaction) async throws -> [String] {
        var made: [String] = []
        let start = Calendar.utc.startOfDay(for: day)
        for offset in 0..<days {
            guard let from = Calendar.utc.date(byAdding: .day, value: offset, to: start),
                let to = Calendar.utc.date(byAdding: .day, value: 1, to: from)
            else { continue }
            let name = name(of: from)
            let exists = try await transaction.rows("SELECT to_regclass(\(name)) IS NOT NULL", as: Bool.self).first ?? false
            if exists { continue }
            let bounds = "FROM ('\(timestamp(from))') TO ('\(timestamp(to))')"
            do {
                try await transaction.execute(PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(name) PARTITION OF audit_events FOR VALUES \(bounds)"))
                made.append(name)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23514" {
                continue  // the default partition holds rows of that day
            }
        }
        return made
    }

    /// Drops every daily partition that ends at or before `cutoff`, recording where each chain resumes.
    /// - Returns: the partitions dropped.
    public static func drop(endingBefore cutoff: Date, _ transaction: StoreTransaction) async throws -> [String] {
        let partitions = try await transaction.rows(
            """
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'audit_events'::regclass AND c.relname ~ '^audit_events_[0-9]{8}$' ORDER BY c.relname
            """, as: String.self)
        var dropped: [String] = []
        for partition in partitions {
            guard let day = day(of: partition), let end = Calendar.utc.date(byAdding: .day, value: 1, to: day), end <= cutoff else { continue }
            try await transaction.execute(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO audit_chain_anchors (chain, sequence, hash, dropped_before)
                        SELECT DISTINCT ON (chain) chain, sequence, hash, '\(timestamp(end))'::timestamptz FROM \(partition)
                        ORDER BY chain, sequence DESC
                        ON CONFLICT (chain) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash, dropped_before = excluded.dropped_before
                        WHERE excluded.sequence > audit_chain_anchors.sequence
                        """))
            try await transaction.execute(PostgresQuery(unsafeSQL: "DROP TABLE \(partition)"))
            dropped.append(partition)
        }
        return dropped
    }

    static func day(of partition: String) -> Date? {
        let digits = partition.dropFirst("audit_events_".count)
        guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
            let day = Int(digits.suffix(2))
        else { return nil }
        return Calendar.utc.date(from: DateComponents(year: year, month: month, day: day))
    }

    static func timestamp(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d 00:00:00+00", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()
}
