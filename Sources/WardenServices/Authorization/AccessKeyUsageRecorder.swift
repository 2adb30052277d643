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

    struct State {
        /// The latest use this replica has seen of each key: readers answer from it, so a use is never
        /// invisible while it travels to the database (whatever snapshot a reader's transaction holds).
        var latest: [String: Use] = [:]
        /// The keys whose latest use is not written yet.
        var unwritten: Set<String> = []
    }

    private let state = Mutex(State())
    let client: PostgresClient
    /// Keys remembered before the oldest are forgotten (they are in the database by then).
    let capacity: Int

    init(client: PostgresClient, capacity: Int = 100_000) {
        self.client = client
        self.capacity = capacity
    }

    /// Notes a use of `accessKeyID` (the latest use of a key wins).
    public func record(_ accessKeyID: String, use: Use) {
        state.withLock { state in
            state.latest[accessKeyID] = use
            state.unwritten.insert(accessKeyID)
        }
    }

    /// The latest use of a key this replica has seen, written or not.
    public func latestUse(of accessKeyID: String) -> Use? {
        state.withLock { $0.latest[accessKeyID] }
    }

    /// Writes every unwritten use in one statement; a failed write is retried at the next flush.
    public func flush(logger: Logger) async {
        let batch: [String: Use] = state.withLock { state in
            var batch: [String: Use] = [:]
            for id in state.unwritten { batch[id] = state.latest[id] }
            state.unwritten.removeAll(keepingCapacity: true)
            return batch
        }
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
            state.withLock { state in
                // Written keys that were not used again since may be forgotten once the map is full.
                if state.latest.count > capacity {
                    for id in ids where !state.unwritten.contains(id) { state.latest[id] = nil }
                }
            }
        } catch {
            state.withLock { state in state.unwritten.formUnion(ids) }
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
