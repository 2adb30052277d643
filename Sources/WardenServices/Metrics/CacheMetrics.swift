import Metrics

/// Lookups of one authorization cache: answered from memory (hits) or loaded from the database (misses,
/// including every lookup while the cache is off because no policy-change listener runs).
struct CacheMetrics: Sendable {
    let hits: Counter
    let misses: Counter

    init(cache: String, factory: any MetricsFactory) {
        hits = Counter(label: WardenMetrics.authorizationCacheLookupsTotal, dimensions: [("cache", cache), ("result", "hit")], factory: factory)
        misses = Counter(label: WardenMetrics.authorizationCacheLookupsTotal, dimensions: [("cache", cache), ("result", "miss")], factory: factory)
    }

    func count(hit: Bool) {
        (hit ? hits : misses).increment()
    }
}
