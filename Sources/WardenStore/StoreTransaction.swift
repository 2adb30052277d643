import Foundation
public import Logging
public import PostgresNIO

/// One operation's PostgreSQL transaction: every repository of a call works on it, so the call's changes
/// commit or roll back together.
public struct StoreTransaction: Sendable {
    enum Executor: Sendable {
        case connection(PostgresConnection)
        /// Each statement on a pooled connection of its own: for calls that normally read nothing.
        case client(PostgresClient)
    }

    let executor: Executor
    public let logger: Logger

    public init(connection: PostgresConnection, logger: Logger) {
        self.executor = .connection(connection)
        self.logger = logger
    }

    /// A "transaction" for calls that read nothing (`GetCallerIdentity`): no connection is held and none
    /// is opened unless a statement runs, and then each statement commits on its own.
    public init(autocommit client: PostgresClient, logger: Logger) {
        self.executor = .client(client)
        self.logger = logger
    }

    func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        switch executor {
        case .connection(let connection): try await connection.query(query, logger: logger)
        case .client(let client): try await client.query(query, logger: logger)
        }
    }

    /// Runs a statement that returns no rows (or whose rows are ignored).
    /// - Throws: ``StoreError/duplicate(_:)`` for a unique violation, ``StoreError/conflict(_:)`` for a
    ///   foreign-key or check violation, else PostgreSQL's error.
    public func execute(_ query: PostgresQuery) async throws {
        do {
            // Drained, so a pooled connection (autocommit) goes back to the pool.
            for try await _ in try await self.query(query) {}
        } catch let error as PSQLError {
            throw StoreError(error) ?? error
        }
    }

    /// The rows of `query`, decoded as `types`.
    public func rows<each T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as types: (repeat each T).Type) async throws -> [(repeat each T)] {
        do {
            var result: [(repeat each T)] = []
            for try await row in try await self.query(query).decode((repeat each T).self) {
                result.append(row)
            }
            return result
        } catch let error as PSQLError {
            throw StoreError(error) ?? error
        }
    }

    /// Locks account `accountID`'s row until the transaction ends, so changes that must not interleave
    /// (creations counted against the account's quotas, root-key changes) serialise. `NO KEY UPDATE` leaves
    /// inserts that merely reference the account unblocked.
    public func lockAccount(_ accountID: String) async throws {
        _ = try await rows("SELECT account_id FROM accounts WHERE account_id = \(accountID) FOR NO KEY UPDATE", as: String.self)
    }

    /// The number of rows `query` changed.
    public func count(_ query: PostgresQuery) async throws -> Int {
        try await rows(query, as: Int.self).first ?? 0
    }
}

/// A constraint the database enforced, named so an operation can answer with AWS's error.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique index refused a row (e.g. a name already used in the account); carries the constraint.
    case duplicate(String)
    /// A foreign key or check refused a change; carries the constraint.
    case conflict(String)

    init?(_ error: PSQLError) {
        guard let state = error.serverInfo?[.sqlState] else { return nil }
        let constraint = error.serverInfo?[.constraintName] ?? ""
        switch state {
        case "23505": self = .duplicate(constraint)
        case "23503", "23514": self = .conflict(constraint)
        default: return nil
        }
    }
}

/// A tag as IAM and Organizations store it: key and value, in the order they were set.
public struct TagRecord: Sendable, Codable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }

    /// Decodes a `jsonb` tag list read as text.
    public static func list(fromJSON text: String) -> [TagRecord] {
        (try? JSONDecoder().decode([TagRecord].self, from: Data(text.utf8))) ?? []
    }

    /// Encodes a tag list for a `jsonb` column.
    public static func json(_ tags: [TagRecord]) -> String {
        (try? String(decoding: JSONEncoder().encode(tags), as: UTF8.self)) ?? "[]"
    }
}

extension PostgresClient {
    /// Runs `body` in one transaction on a pooled connection: committed when it returns, rolled back when it
    /// throws. The error comes out as thrown (postgres-nio's `withTransaction` wraps it), so a caller can tell
    /// a statement PostgreSQL refused from a lost connection.
    public func withStoreTransaction<Result: Sendable>(logger: Logger, _ body: (StoreTransaction) async throws -> Result) async throws -> Result {
        try await withConnection { connection in try await connection.withStoreTransaction(logger: logger, body) }
    }
}

extension PostgresConnection {
    /// Runs `body` in one transaction on this connection, opened by `begin` (an isolation level, `READ ONLY`):
    /// committed when it returns, rolled back when it throws, the error coming out as thrown.
    public func withStoreTransaction<Result: Sendable>(
        begin: PostgresQuery = "BEGIN", logger: Logger, _ body: (StoreTransaction) async throws -> Result
    ) async throws -> Result {
        try await query(begin, logger: logger)
        let result: Result
        do {
            result = try await body(StoreTransaction(connection: self, logger: logger))
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
        try await query("COMMIT", logger: logger)
        return result
    }
}
