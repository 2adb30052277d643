public import PostgresNIO

/// Answers whether the database answers, within a deadline, without ever throwing.
public struct DatabaseHealth: Sendable {
    public let client: PostgresClient
    public let timeout: Duration

    public init(client: PostgresClient, timeout: Duration = .seconds(2)) {
        self.client = client
        self.timeout = timeout
    }

    /// True when `SELECT 1` succeeds before the deadline.
    public func check(logger: Logger) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await client.query("SELECT 1", logger: logger)
                    return true
                } catch {
                    logger.debug("database health check failed", metadata: ["warden.error": "\(error.databaseMessage)"])
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
