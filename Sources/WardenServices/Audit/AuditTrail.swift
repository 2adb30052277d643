import Foundation
public import Logging
public import PostgresNIO
import Synchronization
public import WardenStore

/// The persistent, chained trail: every call's CloudTrail event in `audit_events`.
///
/// A successful change's event is inserted on the change's own transaction (`audit_outbox`), so neither
/// commits without the other, and a change never waits for a chain's lock. Every other event (reads,
/// denials, failures, failed authentication) is queued in memory — recording a read adds no round trip to
/// it. The writer moves both into their chains in batches of one transaction each, within ``interval`` (and
/// before `LookupEvents` on this server answers). Only a crash can lose an event, and only a memory-queued
/// one of the last interval: a change's event survives in the outbox and is chained after the restart.
public final class AuditTrail: AuditSink {
    private let client: PostgresClient
    /// Events built by the calls themselves (in parallel, on the threads that answered them), so the one
    /// writer only chains and inserts.
    private let pending = Mutex<[AuditEvent]>([])
    /// What the writer has taken from `pending` and not written yet (only the writer touches it).
    private let taken = Mutex<ArraySlice<AuditEvent>>([])
    /// Waits for the writer while the queue is this long, so a database that cannot keep up slows callers
    /// instead of growing memory without bound.
    let maximumPending: Int
    let batchSize: Int
    /// How long a queued event may wait.
    public let interval: Duration
    /// Serializes batch writes (the background writer and `flush()` callers), so a chain's queued events are
    /// appended in the order they were recorded.
    private let writer = AsyncSemaphore(permits: 1)

    public init(client: PostgresClient, interval: Duration = .milliseconds(100), batchSize: Int = 2_000, maximumPending: Int = 50_000) {
        self.client = client
        self.interval = interval
        self.batchSize = batchSize
        self.maximumPending = maximumPending
    }

    public func record(_ record: AuditRecord, transaction: StoreTransaction?) async throws {
        if let transaction {
            try await AuditRepository.enqueue(CloudTrailEventDocument.event(for: record), transaction)
            return
        }
        let event = CloudTrailEventDocument.event(for: record)
        let queued = pending.withLock { pending in
            pending.append(event)
            return pending.count
        }
        // A database that cannot keep up slows the callers down, one batch each, rather than growing memory.
        if queued >= maximumPending { _ = try? await writer.withPermit { await writeBatch(logger: Logger(label: "warden.audit")) } }
    }

    /// The number of events waiting to be written.
    public var backlog: Int { pending.withLock { $0.count } + taken.withLock { $0.count } }

    /// Writes every queued event (memory and outbox); a batch that fails stays queued for the next flush.
    public func flush(logger: Logger) async {
        _ = try? await writer.withPermit {
            while let remaining = await writeBatch(logger: logger), remaining > 0 {}
        }
    }

    /// Chains the outbox's oldest change events and the next batch of the memory queue in one transaction.
    /// - Returns: how many events are still queued (in memory, or a full batch's worth in the outbox); nil when
    ///   the database could not be written.
    private func writeBatch(logger: Logger) async -> Int? {
        // The writer moves the callers' whole queue out at once (no copy under the callers' lock) and writes it
        // a batch at a time from its own.
        let events: [AuditEvent] = taken.withLock { taken in
            if taken.isEmpty { taken = pending.withLock { pending in
                defer { pending = [] }
                return pending[...]
            } }
            let batch = Array(taken.prefix(batchSize))
            taken = taken.dropFirst(batch.count)
            return batch
        }
        do {
            let moved = try await append(events, queuedLimit: batchSize, logger: logger)
            return backlog + (moved == batchSize ? batchSize : 0)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] != nil && events.count > 1 && !DatabaseUnavailability.isUnavailability(error) {
            // PostgreSQL refused the batch itself, not the connection: one event must not hold back the rest,
            // so each is written alone.
            logger.warning("audit batch refused; writing its events one by one", metadata: ["warden.error": "\(String(reflecting: error))"])
            for (index, event) in events.enumerated() {
                do {
                    _ = try await append([event], queuedLimit: 0, logger: logger)
                } catch where DatabaseUnavailability.isUnavailability(error) {
                    taken.withLock { $0 = events[index...] + $0 }
                    return nil
                } catch {
                    logger.error(
                        "audit event refused by the database; dropped",
                        metadata: ["warden.event_id": "\(event.eventID)", "warden.error": "\(String(reflecting: error))"])
                }
            }
            return backlog
        } catch {
            taken.withLock { $0 = events[...] + $0 }
            if !Task.isCancelled {
                logger.warning("could not write audit events; they stay queued", metadata: ["warden.error": "\(String(reflecting: error))"])
            }
            return nil
        }
    }

    /// Chains up to `queuedLimit` outbox events and `events` in one transaction; returns how many came from the outbox.
    private func append(_ events: [AuditEvent], queuedLimit: Int, logger: Logger) async throws -> Int {
        try await client.withStoreTransaction(logger: logger) { transaction in
            try await AuditRepository.appendQueued(events, limit: queuedLimit, transaction)
        }
    }

    /// Writes queued events until cancelled, then flushes: batch after batch while a quarter batch or more is
    /// waiting, else every ``interval`` (so a quiet server commits a few times a second, not once per event).
    public func run(logger: Logger) async {
        while !Task.isCancelled {
            let remaining = try? await writer.withPermit { await writeBatch(logger: logger) }
            if (remaining ?? 0) < batchSize / 4 { try? await Task.sleep(for: interval) }
        }
        await flush(logger: logger)
    }
}
