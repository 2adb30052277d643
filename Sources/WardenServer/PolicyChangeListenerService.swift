import Logging
import ServiceLifecycle
import WardenServices

/// Runs the ``PolicyChangeListener`` while the server runs, so cached policy sets stay consistent across replicas.
struct PolicyChangeListenerService: Service {
    let listener: PolicyChangeListener
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await listener.run(logger: logger) }
    }
}
