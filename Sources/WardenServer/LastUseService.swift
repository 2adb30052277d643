import Logging
import ServiceLifecycle
import WardenServices

/// Writes access keys' and roles' last use in batches while the server runs, and once more at shutdown.
struct LastUseService: Service {
    let environment: ServiceEnvironment
    let logger: Logger

    func run() async throws {
        let (accessKeys, roles, logger) = (environment.accessKeyUsage, environment.roleUsage, logger)
        await cancelWhenGracefulShutdown {
            async let keysWritten: Void = accessKeys.run(logger: logger)
            async let rolesWritten: Void = roles.run(logger: logger)
            _ = await (keysWritten, rolesWritten)
        }
    }
}
