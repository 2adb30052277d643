public import Logging
public import PostgresNIO
public import WardenStore

/// Runs `body` with a pool connected to a fresh, fully migrated database of its own, then drops the database.
public func withMigratedDatabase<Result: Sendable>(
    _ body: (DatabaseEndpoint, PostgresClient) async throws -> Result
) async throws -> Result {
    let server = TestDatabaseServer.shared
    let endpoint = try await server.makeMigratedDatabase()
    return try await withClient(endpoint, logger: server.logger) { client in
        try await body(endpoint, client)
    }
}

/// Runs `body` with a pool over `endpoint`, running the pool for the duration of `body` and dropping the
/// database afterwards.
public func withClient<Result: Sendable>(
    _ endpoint: DatabaseEndpoint,
    logger: Logger,
    _ body: (PostgresClient) async throws -> Result
) async throws -> Result {
    var configuration = endpoint.clientConfiguration
    // Small pools: many tests run at once against one cluster.
    configuration.options.maximumConnections = 6
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    let outcome: Swift.Result<Result, any Error> = await withTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body(client))
        } catch {
            outcome = .failure(error)
        }
        group.cancelAll()
        return outcome
    }
    try? await TestDatabaseServer.shared.dropDatabase(endpoint)
    return try outcome.get()
}
