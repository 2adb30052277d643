import Foundation
public import Logging
public import WardenAWS
public import WardenStore
import Synchronization

/// Keeps an authenticator's session keys in step with the store, without a read on the common path: a token
/// under a key this process has not seen yet (a `warden keys rotate`, or another replica's first key) loads
/// that key at once; keys deleted from the store (`warden keys prune`/`revoke`) are dropped by a poll at
/// most every `interval`, after which their tokens answer `InvalidClientTokenId`.
public final class SessionKeySync: Sendable {
    public let repository: SessionKeyRepository
    public let sessions: SessionTokenSealer
    public let interval: Duration
    private let lastPoll = Mutex<ContinuousClock.Instant?>(nil)

    public init(repository: SessionKeyRepository, sessions: SessionTokenSealer, interval: Duration = .seconds(30)) {
        self.repository = repository
        self.sessions = sessions
        self.interval = interval
    }

    /// Drops the installed keys deleted from the store now, without waiting for the next poll.
    public func dropDeletedKeys(logger: Logger) async throws {
        sessions.retain(only: try await repository.keyIDs(logger: logger))
    }

    /// Makes sure the key `token` names is installed if the store has it, and drops deleted keys when due.
    public func prepare(token: String, logger: Logger) async throws {
        let now = ContinuousClock.now
        let due = lastPoll.withLock { last in
            guard let previous = last, now - previous < interval else {
                last = now
                return true
            }
            return false
        }
        if due { try await dropDeletedKeys(logger: logger) }
        guard let keyID = sessions.keyID(of: token), !sessions.knows(keyID) else { return }
        guard let record = try await repository.key(id: keyID, logger: logger) else { return }
        do {
            try sessions.install(keyID: record.keyID, sealed: record.sealedKey)
        } catch {
            logger.error("a session key does not open under the master key", metadata: ["warden.session_key_id": "\(keyID)"])
            throw AWSServiceError.internalFailure
        }
    }
}
