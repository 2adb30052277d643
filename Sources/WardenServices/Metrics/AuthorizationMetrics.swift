import Metrics
import WardenPolicy

/// Authorization decisions by effect and by the layer that decided, every combination made up front (so a
/// dashboard sees zeros rather than missing series, and counting takes no lock).
struct AuthorizationMetrics: Sendable {
    private struct Key: Hashable, Sendable {
        let effect: DecisionEffect
        let layer: PolicyLayer
    }

    private let counters: [Key: Counter]

    init(factory: any MetricsFactory) {
        var counters: [Key: Counter] = [:]
        for effect in DecisionEffect.allCases {
            for layer in PolicyLayer.allCases {
                counters[Key(effect: effect, layer: layer)] = Counter(
                    label: WardenMetrics.authorizationDecisionsTotal, dimensions: [("effect", effect.rawValue), ("layer", Self.label(layer))],
                    factory: factory)
            }
        }
        self.counters = counters
    }

    func count(_ decision: Decision) {
        counters[Key(effect: decision.effect, layer: decision.explanation.layer)]?.increment()
    }

    /// The layer as a label value: the case's name, stable and without spaces.
    static func label(_ layer: PolicyLayer) -> String {
        switch layer {
        case .resourceControlPolicy: "resourceControlPolicy"
        case .serviceControlPolicy: "serviceControlPolicy"
        case .resourcePolicy: "resourcePolicy"
        case .identityPolicy: "identityPolicy"
        case .permissionsBoundary: "permissionsBoundary"
        case .sessionPolicy: "sessionPolicy"
        case .rootUser: "rootUser"
        }
    }
}
