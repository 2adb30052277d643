import Logging
import ServiceLifecycle
import WardenStore

/// Keeps the embedded PostgreSQL running: when its postmaster dies, it is started again (PostgreSQL's crash
/// recovery replays the WAL, so what was committed survives), with a growing pause between attempts and a
/// log line for each. The connection pool reconnects by itself, and `/health` answers 200 again.
///
/// A cluster that cannot be brought back (its files are gone, or it failed to start `maximumAttempts` times in
/// a row) ends the server with the reason, rather than leaving it answering 503 forever.
struct EmbeddedClusterSupervisor: Service {
    let cluster: EmbeddedPostgres
    let logger: Logger
    /// How often the postmaster is looked at: a death is noticed within this.
    var checkInterval: Duration = .milliseconds(250)
    var maximumAttempts = 6
    /// Called after each restart (for the restart counter).
    var onRestart: @Sendable () -> Void = {}

    struct GaveUp: Error, CustomStringConvertible {
        let attempts: Int
        let reason: String
        var description: String {
            "the embedded PostgreSQL could not be restarted after \(attempts) attempt(s): \(reason). Warden stops; see the cluster's server.log in the data directory"
        }
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: checkInterval)
                guard !Task.isCancelled, !cluster.isRunning else { continue }
                try await bringBack()
            }
        }
    }

    private func bringBack() async throws {
        logger.error("the embedded PostgreSQL stopped (its postmaster is gone): restarting it")
        var pause = Duration.milliseconds(250)
        for attempt in 1...maximumAttempts {
            do {
                try await cluster.restart()
                onRestart()
                logger.notice("the embedded PostgreSQL is running again", metadata: ["warden.attempt": "\(attempt)"])
                return
            } catch {
                if case .clusterMissing = error as? EmbeddedPostgresError {
                    logger.critical("\(error)")
                    throw GaveUp(attempts: attempt, reason: "\(error)")
                }
                logger.error("restarting the embedded PostgreSQL failed", metadata: ["warden.attempt": "\(attempt)", "warden.error": "\(error)"])
                if attempt == maximumAttempts {
                    logger.critical("giving up on the embedded PostgreSQL", metadata: ["warden.error": "\(error)"])
                    throw GaveUp(attempts: attempt, reason: "\(error)")
                }
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(8))
        }
    }
}
