import Hummingbird
import Prometheus
import WardenServices

/// `GET /metrics`: the server's metrics in Prometheus's text exposition format, for a scraper.
///
/// Like `/health` it is not an AWS call and is not signed; it names operations and statuses, never callers,
/// keys or resources.
struct MetricsController<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry
    let environment: ServiceEnvironment

    func register(on router: Router<Context>) {
        router.get("metrics") { _, _ -> Response in
            environment.metrics.sample(environment)
            var emitted: [UInt8] = []
            emitted.reserveCapacity(1 << 16)
            registry.emit(into: &emitted)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Self.described(String(decoding: emitted, as: UTF8.self))))
            )
        }
    }

    /// `text` with a `# HELP` line before each family's `# TYPE` line (swift-metrics carries no help text).
    static func described(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 2048)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first,
                let help = WardenMetrics.descriptions[String(name)]
            {
                result += "# HELP \(name) \(help)\n"
            }
            result += line
            result += "\n"
        }
        return result
    }
}

extension WardenMetrics {
    /// Metrics recorded into `registry`, with Warden's histogram buckets.
    static func prometheus(_ registry: PrometheusCollectorRegistry) -> WardenMetrics {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = durationBuckets
        return WardenMetrics(factory: factory)
    }
}
