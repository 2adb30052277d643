public import CoreMetrics
import Metrics

/// What a server measures of itself, made by the metrics factory the server hands in rather than the global
/// `MetricsSystem`: each server (and each of the many test servers in one process) has its own registry, and
/// nothing depends on a process-wide bootstrap.
public struct WardenMetrics: Sendable {
    let requests: RequestMetrics
    let authorization: AuthorizationMetrics
    let database: DatabaseMetrics
    /// Events queued in memory for the audit trail: sampled when metrics are read, not on every call.
    let auditBacklog: Gauge
    let embeddedClusterRestarts: Counter
    private let factory: any MetricsFactory

    public init(factory: any MetricsFactory) {
        self.factory = factory
        self.requests = RequestMetrics(factory: factory)
        self.authorization = AuthorizationMetrics(factory: factory)
        self.database = DatabaseMetrics(factory: factory)
        self.auditBacklog = Gauge(label: Self.auditBacklogEvents, factory: factory)
        self.embeddedClusterRestarts = Counter(label: Self.embeddedClusterRestartsTotal, factory: factory)
    }

    /// Counts a restart of the embedded PostgreSQL after its postmaster died.
    public func embeddedClusterRestarted() { embeddedClusterRestarts.increment() }

    /// Measures nothing: for tools and tests that never read metrics.
    public static let disabled = WardenMetrics(factory: NOOPMetricsHandler.instance)

    /// Hits and misses of the authorization cache called `name`.
    func cache(named name: String) -> CacheMetrics { CacheMetrics(cache: name, factory: factory) }

    /// Reads what is sampled rather than counted, just before the metrics are emitted.
    public func sample(_ environment: ServiceEnvironment) {
        auditBacklog.record(environment.audit.backlog)
    }
}

extension WardenMetrics {
    static let requestsTotal = "warden_requests_total"
    static let requestDurationSeconds = "warden_request_duration_seconds"
    static let authorizationDecisionsTotal = "warden_authorization_decisions_total"
    static let authorizationCacheLookupsTotal = "warden_authorization_cache_lookups_total"
    static let databaseTransactionsInProgress = "warden_database_transactions_in_progress"
    static let databaseTransactionsWaiting = "warden_database_transactions_waiting"
    static let databaseConnectionWaitSeconds = "warden_database_connection_wait_seconds"
    static let auditBacklogEvents = "warden_audit_backlog_events"
    static let embeddedClusterRestartsTotal = "warden_embedded_cluster_restarts_total"

    /// What each metric means, for the exposition's `# HELP` lines (swift-metrics carries no help text).
    public static let descriptions: [String: String] = [
        requestsTotal: "AWS calls answered, by service, operation and HTTP status.",
        requestDurationSeconds: "Time to answer an AWS call, from the request read to the response built, by service and operation.",
        authorizationDecisionsTotal: "Authorization decisions, by effect and by the policy layer that decided.",
        authorizationCacheLookupsTotal: "Authorization cache lookups, by cache, answered from memory (hit) or loaded from the database (miss).",
        databaseTransactionsInProgress: "Operation transactions holding a pooled database connection.",
        databaseTransactionsWaiting: "Operation transactions waiting for a pooled database connection.",
        databaseConnectionWaitSeconds: "Time an operation transaction waited for a pooled database connection.",
        auditBacklogEvents: "Audit events queued in memory, not yet written to the trail.",
        embeddedClusterRestartsTotal: "Restarts of the embedded PostgreSQL after its postmaster died.",
    ]

    /// The buckets of each histogram: a call from half a millisecond to five seconds, a connection wait from a
    /// tenth of a millisecond (the pool had one idle) to five seconds (the pool is exhausted).
    public static let durationBuckets: [String: [Duration]] = [
        requestDurationSeconds: [500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000]
            .map { .microseconds($0) },
        databaseConnectionWaitSeconds: [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 5_000_000]
            .map { .microseconds($0) },
    ]
}
