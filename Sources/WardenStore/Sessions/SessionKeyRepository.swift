public import Foundation
public import Logging
public import PostgresNIO

/// A stored session-token key: its material sealed under the master key, and when it stopped being current.
public struct SessionKeyRecord: Sendable, Hashable {
    public var keyID: String
    public var sealedKey: [UInt8]
    public var createdAt: Date
    /// When a newer key replaced it; nil for the current key.
    public var retiredAt: Date?

    public init(keyID: String, sealedKey: [UInt8], createdAt: Date, retiredAt: Date?) {
        self.keyID = keyID
        self.sealedKey = sealedKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// Reads and writes `session_token_keys`: the current key (at most one, a unique index sees to it) and the
/// retired keys that still open the tokens sealed under them.
public struct SessionKeyRepository: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// The current key, read on the call's transaction.
    public static func current(_ transaction: StoreTransaction) async throws -> SessionKeyRecord? {
        try await transaction.rows(
            "SELECT key_id, sealed_key, created_at, retired_at FROM session_token_keys WHERE retired_at IS NULL",
            as: (String, ByteBuffer, Date, Date?).self
        ).first.map { SessionKeyRecord(keyID: $0.0, sealedKey: Array(buffer: $0.1), createdAt: $0.2, retiredAt: $0.3) }
    }

    /// Stores `keyID` as the current key unless there already is one (a concurrent first issue), and returns
    /// the current key either way.
    public static func makeCurrentIfNone(keyID: String, sealedKey: [UInt8], _ transaction: StoreTransaction) async throws -> SessionKeyRecord? {
        try await transaction.execute(
            "INSERT INTO session_token_keys (key_id, sealed_key) VALUES (\(keyID), \(ByteBuffer(bytes: sealedKey))) ON CONFLICT DO NOTHING")
        return try await current(transaction)
    }

    /// The key `keyID`, current or retired, or nil once deleted.
    public func key(id keyID: String, logger: Logger) async throws -> SessionKeyRecord? {
        try await all(where: keyID, logger: logger).first
    }

    /// Every stored key, newest first.
    public func all(logger: Logger) async throws -> [SessionKeyRecord] {
        try await all(where: nil, logger: logger)
    }

    private func all(where keyID: String?, logger: Logger) async throws -> [SessionKeyRecord] {
        let rows = try await client.query(
            """
            SELECT key_id, sealed_key, created_at, retired_at FROM session_token_keys
            WHERE \(keyID)::text IS NULL OR key_id = \(keyID) ORDER BY created_at DESC, key_id
            """, logger: logger)
        var result: [SessionKeyRecord] = []
        for try await (id, sealed, created, retired) in rows.decode((String, ByteBuffer, Date, Date?).self) {
            result.append(SessionKeyRecord(keyID: id, sealedKey: Array(buffer: sealed), createdAt: created, retiredAt: retired))
        }
        return result
    }

    /// The ids of every stored key.
    public func keyIDs(logger: Logger) async throws -> Set<String> {
        var result = Set<String>()
        for try await id in try await client.query("SELECT key_id FROM session_token_keys", logger: logger).decode(String.self) {
            result.insert(id)
        }
        return result
    }

    /// Makes `keyID` the current key and retires the one before it, in one transaction.
    /// - Returns: the id of the key retired, if there was one.
    public func rotate(to keyID: String, sealedKey: [UInt8], logger: Logger) async throws -> String? {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                var retired: String?
                for try await id in try await connection.query(
                    "UPDATE session_token_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING key_id", logger: logger
                ).decode(String.self) {
                    retired = id
                }
                try await connection.query(
                    "INSERT INTO session_token_keys (key_id, sealed_key) VALUES (\(keyID), \(ByteBuffer(bytes: sealedKey)))", logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return retired
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Deletes retired keys: `keyID` alone, or every key retired before `cutoff`. The current key is never deleted.
    /// - Returns: the ids deleted.
    public func deleteRetired(keyID: String? = nil, retiredBefore cutoff: Date? = nil, logger: Logger) async throws -> [String] {
        let rows = try await client.query(
            """
            DELETE FROM session_token_keys
            WHERE retired_at IS NOT NULL AND (\(keyID)::text IS NULL OR key_id = \(keyID))
              AND (\(cutoff)::timestamptz IS NULL OR retired_at < \(cutoff))
            RETURNING key_id
            """, logger: logger)
        var deleted: [String] = []
        for try await id in rows.decode(String.self) { deleted.append(id) }
        return deleted.sorted()
    }
}

extension SessionKeyRepository {
    /// Runs `body` with a repository over a small pool to `endpoint`, for a command that runs once and exits.
    public static func with<Result: Sendable>(
        _ endpoint: DatabaseEndpoint, logger: Logger, _ body: (SessionKeyRepository) async throws -> Result
    ) async throws -> Result {
        try await endpoint.withCommandClient(logger: logger) { client in try await body(SessionKeyRepository(client: client)) }
    }
}
