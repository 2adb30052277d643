public import PostgresNIO
import Synchronization

/// Answers whether the database answers, within a deadline, without ever throwing.
public struct DatabaseHealth: Sendable {
    public let client: PostgresClient
    public let timeout: Duration

    public init(client: PostgresClient, timeout: Duration = .seconds(2)) {
        self.client = client
        self.timeout = timeout
    }

    /// True when `SELECT 1` succeeds before the deadline. The answer never waits past the deadline: a
    /// query stuck on an unreachable database (a lease waiting for a reconnect) is left to finish on its own.
    public func check(logger: Logger) async -> Bool {
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.install(continuation)
            let query = Task {
                do {
                    try await client.query("SELECT 1", logger: logger)
                    answer.give(true)
                } catch {
                    logger.debug("database health check failed", metadata: ["warden.error": "\(error.databaseMessage)"])
                    answer.give(false)
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                answer.give(false)
                query.cancel()
            }
        }
    }
}

/// The first of several racing answers, given once to a waiting continuation.
final class FirstAnswer: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Bool, Never>?, answered: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<Bool, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func give(_ value: Bool) {
        let continuation: CheckedContinuation<Bool, Never>? = state.withLock { state in
            guard !state.answered, let continuation = state.continuation else { return nil }
            state.answered = true
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: value)
    }
}
