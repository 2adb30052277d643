import Metrics
import Synchronization

/// AWS calls answered, by service, operation and HTTP status, and how long they took by service and operation.
///
/// Each label set's metrics are made once and kept, so a call costs one dictionary lookup and two atomic
/// updates. The labels are bounded: services and operations are the registry's (anything else is `Unknown`),
/// statuses the few Warden answers with.
final class RequestMetrics: Sendable {
    struct Labels: Hashable, Sendable {
        var service: String
        var operation: String
        var status: Int
    }

    private struct Series: Sendable {
        let answered: Counter
        let duration: Metrics.Timer
    }

    private let factory: any MetricsFactory
    private let series = Mutex<[Labels: Series]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func record(_ labels: Labels, duration: Duration) {
        let series = self.series.withLock { all in
            if let known = all[labels] { return known }
            let operation = [("service", labels.service), ("operation", labels.operation)]
            let made = Series(
                answered: Counter(label: WardenMetrics.requestsTotal, dimensions: operation + [("status", String(labels.status))], factory: factory),
                duration: Metrics.Timer(label: WardenMetrics.requestDurationSeconds, dimensions: operation, factory: factory))
            all[labels] = made
            return made
        }
        series.answered.increment()
        series.duration.record(duration: duration)
    }
}
