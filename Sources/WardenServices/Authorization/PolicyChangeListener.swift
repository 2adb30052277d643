public import Logging
import PostgresNIO

/// Keeps every replica's ``PrincipalPolicyCache`` consistent: listens on the `warden_policies` channel, on
/// which every committed change that can alter a policy set notifies its account id.
///
/// The cache answers only while the listener is connected; if the connection drops, the cache is
/// emptied and bypassed until listening resumes.
public struct PolicyChangeListener: Sendable {
    /// The PostgreSQL notification channel.
    public static let channel = "warden_policies"

    public let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// Listens until cancelled, reconnecting after a failure.
    public func run(logger: Logger) async {
        let cache = environment.principalPolicies
        while !Task.isCancelled {
            do {
                try await environment.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        cache.setListening(true)
                        defer { cache.setListening(false) }
                        for try await notification in notifications {
                            cache.invalidate(account: notification.payload)
                        }
                    }
                }
            } catch {
                cache.setListening(false)
                if Task.isCancelled { break }
                logger.warning("policy change listener lost its connection", metadata: ["warden.error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        cache.setListening(false)
    }
}
