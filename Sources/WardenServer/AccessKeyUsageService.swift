import Logging
import ServiceLifecycle
import WardenServices

/// Writes the access keys' last use in batches while the server runs, and once more at shutdown.
struct AccessKeyUsageService: Service {
    let recorder: AccessKeyUsageRecorder
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await recorder.run(logger: logger) }
    }
}
