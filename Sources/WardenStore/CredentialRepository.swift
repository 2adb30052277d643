public import Logging
public import PostgresNIO

/// Reads and writes access keys and the master-key probe.
public struct CredentialRepository: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// The access key with this id and its owner, or nil when there is none.
    public func accessKey(id accessKeyID: String, logger: Logger) async throws -> AccessKeyRecord? {
        let rows = try await client.query(
            """
            SELECT k.access_key_id, k.account_id, k.status, a.status, k.sealed_secret, u.user_id, u.name, u.path
            FROM access_keys k
            JOIN accounts a ON a.account_id = k.account_id
            LEFT JOIN iam_users u ON u.account_id = k.account_id AND u.user_id = k.user_id
            WHERE k.access_key_id = \(accessKeyID)
            """,
            logger: logger
        )
        for try await (id, accountID, status, accountStatus, sealed, userID, name, path) in rows.decode(
            (String, String, String, String, ByteBuffer, String?, String?, String?).self
        ) {
            let owner: AccessKeyRecord.Owner? =
                if let userID, let name, let path { .init(userID: userID, name: name, path: path) } else { nil }
            return AccessKeyRecord(
                accessKeyID: id,
                accountID: accountID,
                owner: owner,
                status: AccessKeyRecord.Status(rawValue: status) ?? .inactive,
                accountIsActive: accountStatus == "ACTIVE",
                sealedSecret: Array(buffer: sealed)
            )
        }
        return nil
    }

    /// Records `probe` as the master-key proof if none is recorded yet, and returns the recorded one.
    public func recordMasterKeyProbe(_ probe: [UInt8], logger: Logger) async throws -> [UInt8] {
        try await client.query(
            "INSERT INTO master_key_check (sealed_probe) VALUES (\(ByteBuffer(bytes: probe))) ON CONFLICT DO NOTHING",
            logger: logger
        )
        for try await sealed in try await client.query("SELECT sealed_probe FROM master_key_check", logger: logger).decode(ByteBuffer.self) {
            return Array(buffer: sealed)
        }
        return probe
    }
}
