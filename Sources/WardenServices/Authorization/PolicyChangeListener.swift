import Foundation
public import Logging
import PostgresNIO
import Synchronization

/// Keeps every replica's ``AuthorizationCaches`` consistent: listens on the `warden_policies` channel, on
/// which every committed change that can alter a policy set notifies its account id.
///
/// The cache answers only while the listener is known to be connected: it notifies itself a heartbeat every
/// `heartbeat` and stops trusting the connection (emptying and bypassing the cache, then reconnecting) when
/// one does not come back within `deadline` — a half-open connection is never mistaken for a quiet one.
public struct PolicyChangeListener: Sendable {
    /// The PostgreSQL notification channel.
    public static let channel = "warden_policies"

    public let environment: ServiceEnvironment
    public let heartbeat: Duration
    public let deadline: Duration

    public init(environment: ServiceEnvironment, heartbeat: Duration = .seconds(2), deadline: Duration = .seconds(5)) {
        self.environment = environment
        self.heartbeat = heartbeat
        self.deadline = deadline
    }

    struct SilentConnection: Error {}

    /// Listens until cancelled, reconnecting after a failure.
    public func run(logger: Logger) async {
        let cache = environment.caches
        while !Task.isCancelled {
            do {
                try await listenOnce(cache: cache)
            } catch {
                cache.setListening(false)
                if Task.isCancelled { break }
                logger.warning("policy change listener lost its connection", metadata: ["warden.error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        cache.setListening(false)
    }

    private func listenOnce(cache: AuthorizationCaches) async throws {
        let token = "heartbeat:" + UUID().uuidString
        let lastHeartbeat = HeartbeatClock()
        let client = environment.client
        let (heartbeat, deadline) = (self.heartbeat, self.deadline)
        try await client.withConnection { connection in
            try await connection.listen(on: Self.channel) { notifications in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await notification in notifications {
                            if notification.payload == token {
                                lastHeartbeat.beat()
                                cache.setListening(true)
                            } else if !notification.payload.hasPrefix("heartbeat:") {
                                cache.invalidate(account: notification.payload)
                            }
                        }
                        throw SilentConnection()
                    }
                    group.addTask {
                        while true {
                            try await client.query("SELECT pg_notify(\(Self.channel), \(token))")
                            try await Task.sleep(for: heartbeat)
                            if lastHeartbeat.silence > deadline { throw SilentConnection() }
                        }
                    }
                    defer { cache.setListening(false) }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}

/// When the listener last heard its own heartbeat.
final class HeartbeatClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    func beat() { last.withLock { $0 = .now } }

    var silence: Duration { ContinuousClock.now - last.withLock { $0 } }
}
