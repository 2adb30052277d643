import Foundation
public import Logging
import Synchronization

/// When each access key or role was last used: kept in memory on each request and written in one statement
/// per batch, so authenticating a request or issuing a session never writes to the database.
public final class LastUseRecorder<Use: Sendable>: Sendable {
    struct State {
        /// The latest use this replica has seen of each id: readers answer from it, so a use is never
        /// invisible while it travels to the database (whatever snapshot a reader's transaction holds).
        var latest: [String: Use] = [:]
        /// The ids whose latest use is not written yet.
        var unwritten: Set<String> = []
    }

    private let state = Mutex(State())
    /// Ids remembered before the oldest are forgotten (they are in the database by then).
    let capacity: Int
    /// Writes a batch of uses in one statement; a use older than the stored one must not replace it.
    private let write: @Sendable (_ ids: [String], _ uses: [Use], _ logger: Logger) async throws -> Void

    init(capacity: Int = 100_000, write: @escaping @Sendable (_ ids: [String], _ uses: [Use], _ logger: Logger) async throws -> Void) {
        self.capacity = capacity
        self.write = write
    }

    /// Notes a use of `id` (the latest use wins).
    public func record(_ id: String, use: Use) {
        state.withLock { state in
            state.latest[id] = use
            state.unwritten.insert(id)
        }
    }

    /// The latest use of `id` this replica has seen, written or not.
    public func latestUse(of id: String) -> Use? {
        state.withLock { $0.latest[id] }
    }

    /// Writes every unwritten use in one statement; a failed write is retried at the next flush.
    public func flush(logger: Logger) async {
        let batch: [(String, Use)] = state.withLock { state in
            let batch = state.unwritten.compactMap { id in state.latest[id].map { (id, $0) } }
            state.unwritten.removeAll(keepingCapacity: true)
            return batch
        }
        guard !batch.isEmpty else { return }
        let ids = batch.map(\.0)
        do {
            try await write(ids, batch.map(\.1), logger)
            state.withLock { state in
                // Written ids that were not used again since may be forgotten once the map is full.
                if state.latest.count > capacity {
                    for id in ids where !state.unwritten.contains(id) { state.latest[id] = nil }
                }
            }
        } catch {
            state.withLock { state in state.unwritten.formUnion(ids) }
            if !Task.isCancelled {
                logger.warning("could not record last use", metadata: ["warden.error": "\(String(reflecting: error))"])
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
