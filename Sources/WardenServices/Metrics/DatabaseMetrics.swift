import Metrics
import PostgresNIO

/// How operations use the connection pool, measured around each lease: postgres-nio exposes no pool
/// statistics, so this sees the pipeline's transactions only (not the audit writer's, the health check's or
/// the last-use recorder's).
struct DatabaseMetrics: Sendable {
    let waiting: Meter
    let inProgress: Meter
    let wait: Metrics.Timer

    init(factory: any MetricsFactory) {
        waiting = Meter(label: WardenMetrics.databaseTransactionsWaiting, factory: factory)
        inProgress = Meter(label: WardenMetrics.databaseTransactionsInProgress, factory: factory)
        wait = Metrics.Timer(label: WardenMetrics.databaseConnectionWaitSeconds, factory: factory)
    }

    /// Runs `body` on a connection leased from `client`, counting the wait and the lease.
    func leasing<Result>(_ client: PostgresClient, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let requested = ContinuousClock.now
        waiting.increment()
        var leased = false
        defer { if !leased { waiting.decrement() } }
        return try await client.withConnection { connection in
            leased = true
            waiting.decrement()
            wait.record(duration: ContinuousClock.now - requested)
            inProgress.increment()
            defer { inProgress.decrement() }
            return try await body(connection)
        }
    }
}
