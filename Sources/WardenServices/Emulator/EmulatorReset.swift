public import Logging
import WardenStore

/// Puts an emulator back as it was at its first start, as test suites expect between tests: every account,
/// organization, principal, policy, session and audit event made since gone, the first account and its root
/// key as they were. Only `warden emulate` offers it.
public struct EmulatorReset: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func run(logger: Logger) async throws {
        // Written first, so no event of the previous test lands after the reset.
        await environment.audit.flush(logger: logger)
        try await BootstrapRepository(client: environment.client).restoreBaseline(logger: logger)
        // Rows put back under replication rules fire no trigger, so the policy-change listener hears nothing.
        environment.caches.invalidate(account: "*")
        logger.notice("emulator reset")
    }
}
