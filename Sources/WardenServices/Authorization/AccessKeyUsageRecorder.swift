public import Foundation
import Logging
public import PostgresNIO
import Synchronization

/// When each access key was last used, for which service and region: kept in memory on each request and
/// written in one statement per batch, so authenticating a request never writes to the database.
public final class AccessKeyUsageRecorder: Sendable {
    public struct Use: Sendable, Hashable {
        public let date: Date
        public let service: String
        public let region: String
    }

    private let pending = Mutex<[String: Use]>([:])
    let client: PostgresClient

    init(client: PostgresClient) {
        self.client = client
    }

    /// Notes a use of `accessKeyID` (the latest use of a key wins).
    public func record(_ accessKeyID: String, use: Use) {
        pending.withLock { $0[accessKeyID] = use }
    }

    /// The unwritten use of a key, so this replica answers with what it has seen even before a flush.
    public func pendingUse(of accessKeyID: String) -> Use? {
        pending.withLock { $0[accessKeyID] }
    }

    /// Writes every pending use in one statement. Entries stay pending until written, so a reader never
    /// finds a use neither in memory nor in the database.
    public func flush(logger: Logger) async {
        let batch = pending.withLock { $0 }
        guard !batch.isEmpty else { return }
        let ids = Array(batch.keys)
        let dates = ids.map { batch[$0]!.date }
        let services = ids.map { batch[$0]!.service }
        let regions = ids.map { batch[$0]!.region }
        do {
            try await client.query(
                """
                UPDATE access_keys k SET last_used_at = u.date, last_used_service = u.service, last_used_region = u.region
                FROM unnest(\(ids)::text[], \(dates)::timestamptz[], \(services)::text[], \(regions)::text[]) AS u(id, date, service, region)
                WHERE k.access_key_id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.date)
                """,
                logger: logger)
            pending.withLock { entries in
                for (id, use) in batch where entries[id] == use { entries[id] = nil }
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("could not record access key use", metadata: ["warden.error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Flushes every `interval` until cancelled, then once more.
    public func run(interval: Duration = .seconds(1), logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flush(logger: logger)
        }
        await flush(logger: logger)
    }
}
