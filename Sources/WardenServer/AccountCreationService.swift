import Logging
import ServiceLifecycle
import WardenServices

/// Runs the ``AccountCreationWorker`` while the server runs: `CreateAccount` requests are finished (and
/// closed accounts suspended) in the background, pending ones first after a restart.
struct AccountCreationService: Service {
    let worker: AccountCreationWorker
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await worker.run(logger: logger) }
    }
}
