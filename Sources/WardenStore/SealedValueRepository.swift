import PostgresNIO

/// One value stored sealed under the master key, and the row it belongs to.
public struct SealedValue: Sendable {
    public enum Owner: Sendable, Equatable {
        case accessKeySecret(accessKeyID: String, accountID: String, userID: String?)
        case mfaSeed(serialNumber: String, accountID: String)
        case masterKeyProbe
        case sessionKey(keyID: String)
    }

    public let owner: Owner
    public let sealed: [UInt8]
}

/// Every value sealed under the master key, read and written for a master-key rotation.
public enum SealedValueRepository {
    /// Every sealed value, each row locked until the transaction ends (no server writes one meanwhile).
    public static func lockAll(_ transaction: StoreTransaction) async throws -> [SealedValue] {
        var values: [SealedValue] = []
        for (id, account, user, sealed) in try await transaction.rows(
            "SELECT access_key_id, account_id, user_id, sealed_secret FROM access_keys ORDER BY access_key_id FOR UPDATE",
            as: (String, String, String?, ByteBuffer).self)
        {
            values.append(SealedValue(owner: .accessKeySecret(accessKeyID: id, accountID: account, userID: user), sealed: Array(buffer: sealed)))
        }
        for (serial, account, sealed) in try await transaction.rows(
            "SELECT serial_number, account_id, sealed_seed FROM iam_mfa_devices ORDER BY serial_number FOR UPDATE",
            as: (String, String, ByteBuffer).self)
        {
            values.append(SealedValue(owner: .mfaSeed(serialNumber: serial, accountID: account), sealed: Array(buffer: sealed)))
        }
        for sealed in try await transaction.rows("SELECT sealed_probe FROM master_key_check FOR UPDATE", as: ByteBuffer.self) {
            values.append(SealedValue(owner: .masterKeyProbe, sealed: Array(buffer: sealed)))
        }
        for (keyID, sealed) in try await transaction.rows(
            "SELECT key_id, sealed_key FROM session_token_keys ORDER BY key_id FOR UPDATE", as: (String, ByteBuffer).self)
        {
            values.append(SealedValue(owner: .sessionKey(keyID: keyID), sealed: Array(buffer: sealed)))
        }
        return values
    }

    /// Stores `sealed` in place of the value of `owner`.
    public static func replace(_ owner: SealedValue.Owner, with sealed: [UInt8], _ transaction: StoreTransaction) async throws {
        let bytes = ByteBuffer(bytes: sealed)
        switch owner {
        case .accessKeySecret(let accessKeyID, _, _):
            try await transaction.execute("UPDATE access_keys SET sealed_secret = \(bytes) WHERE access_key_id = \(accessKeyID)")
        case .mfaSeed(let serialNumber, _):
            try await transaction.execute("UPDATE iam_mfa_devices SET sealed_seed = \(bytes) WHERE serial_number = \(serialNumber)")
        case .masterKeyProbe:
            try await transaction.execute("UPDATE master_key_check SET sealed_probe = \(bytes)")
        case .sessionKey(let keyID):
            try await transaction.execute("UPDATE session_token_keys SET sealed_key = \(bytes) WHERE key_id = \(keyID)")
        }
    }
}
