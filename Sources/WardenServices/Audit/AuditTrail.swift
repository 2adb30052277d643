import Foundation
public import Logging
public import PostgresNIO
import Synchronization
public import WardenStore

/// The persistent, chained trail: every call's CloudTrail event in `audit_events`.
///
/// A successful change's event is appended on the change's own transaction, so neither commits without
/// the other. Every other event (reads, denials, failures, failed authentication) is queued in memory and
/// appended in batches of one transaction each — recording a read never adds a round trip to it. A queued
/// event is in the database within ``interval`` (and before `LookupEvents` on this server answers); only a
/// crash can lose it, and only those of the last interval.
public final class AuditTrail: AuditSink {
    private let client: PostgresClient
    private let pending = Mutex<[AuditRecord]>([])
    /// Waits for the writer while the queue is this long, so a database that cannot keep up slows callers
    /// instead of growing memory without bound.
    let maximumPending: Int
    let batchSize: Int
    /// How long a queued event may wait.
    public let interval: Duration
    /// Serializes batch writes (the background writer and `flush()` callers), so a chain's queued events are
    /// appended in the order they were recorded.
    private let writer = WriterLock()

    public init(client: PostgresClient, interval: Duration = .milliseconds(100), batchSize: Int = 2_000, maximumPending: Int = 50_000) {
        self.client = client
        self.interval = interval
        self.batchSize = batchSize
        self.maximumPending = maximumPending
    }

    public func record(_ record: AuditRecord, transaction: StoreTransaction?) async throws {
        if let transaction {
            try await AuditRepository.append([CloudTrailEventDocument.event(for: record)], transaction)
            return
        }
        let queued = pending.withLock { pending in
            pending.append(record)
            return pending.count
        }
        if queued >= maximumPending { await flush(logger: Logger(label: "warden.audit")) }
    }

    /// The number of events waiting to be written.
    public var backlog: Int { pending.withLock { $0.count } }

    /// Writes every queued event; a batch that fails stays queued for the next flush.
    public func flush(logger: Logger) async {
        await writer.run {
            while true {
                let batch: [AuditRecord] = pending.withLock { pending in
                    let batch = Array(pending.prefix(batchSize))
                    pending.removeFirst(batch.count)
                    return batch
                }
                guard !batch.isEmpty else { return }
                let events = batch.map { CloudTrailEventDocument.event(for: $0) }
                do {
                    try await append(events, logger: logger)
                } catch let error as PSQLError where error.serverInfo?[.sqlState] != nil && events.count > 1 {
                    // PostgreSQL refused the batch itself, not the connection: one event must not hold back the
                    // rest, so each is written alone.
                    logger.warning("audit batch refused; writing its events one by one", metadata: ["warden.error": "\(String(reflecting: error))"])
                    for event in events {
                        do {
                            try await append([event], logger: logger)
                        } catch {
                            logger.error(
                                "audit event refused by the database; dropped",
                                metadata: ["warden.event_id": "\(event.eventID)", "warden.error": "\(String(reflecting: error))"])
                        }
                    }
                } catch {
                    pending.withLock { $0.insert(contentsOf: batch, at: 0) }
                    if !Task.isCancelled {
                        logger.warning("could not write audit events; they stay queued", metadata: ["warden.error": "\(String(reflecting: error))"])
                    }
                    return
                }
            }
        }
    }

    private func append(_ events: [AuditEvent], logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                try await AuditRepository.append(events, StoreTransaction(connection: connection, logger: logger))
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Writes queued events every ``interval`` until cancelled, then once more.
    public func run(logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flush(logger: logger)
        }
        await flush(logger: logger)
    }
}

/// One writer at a time, in arrival order, without blocking a thread.
final class WriterLock: Sendable {
    private let state = Mutex<(busy: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func run<T>(_ body: () async throws -> T) async rethrows -> T {
        await withCheckedContinuation { continuation in
            let acquired = state.withLock { state in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if acquired { continuation.resume() }
        }
        defer {
            let next = state.withLock { state in
                if state.waiters.isEmpty {
                    state.busy = false
                    return CheckedContinuation<Void, Never>?.none
                }
                return state.waiters.removeFirst()
            }
            next?.resume()
        }
        return try await body()
    }
}
