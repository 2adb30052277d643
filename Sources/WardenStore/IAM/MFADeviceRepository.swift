public import Foundation
import PostgresNIO

/// The virtual MFA devices of one account, on the call's transaction.
public struct MFADeviceRepository: Sendable {
    public let transaction: StoreTransaction
    public let accountID: String

    public init(transaction: StoreTransaction, accountID: String) {
        self.transaction = transaction
        self.accountID = accountID
    }

    static let columns = "serial_number, name, path, sealed_seed, user_id, enabled_at, last_counter, tags::text, created_at"
    typealias Row = (String, String, String, ByteBuffer, String?, Date?, Int64, String, Date)

    static func record(_ row: Row) -> MFADeviceRecord {
        MFADeviceRecord(
            serialNumber: row.0, name: row.1, path: row.2, sealedSeed: Array(buffer: row.3), userID: row.4, enabledAt: row.5,
            lastCounter: row.6, tags: TagRecord.list(fromJSON: row.7), createdAt: row.8)
    }

    /// Inserts a device. - Throws: ``StoreError/duplicate(_:)`` when the name (any case) is taken.
    public func create(_ device: MFADeviceRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO iam_mfa_devices (serial_number, account_id, name, path, sealed_seed, tags, created_at)
            VALUES (\(device.serialNumber), \(accountID), \(device.name), \(device.path), \(ByteBuffer(bytes: device.sealedSeed)),
                    \(TagRecord.json(device.tags))::jsonb, \(device.createdAt))
            """)
    }

    /// The device with this serial number, or nil; `lock` holds its row until the call ends.
    public func withSerial(_ serialNumber: String, lock: Bool = false) async throws -> MFADeviceRecord? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: Self.columns) FROM iam_mfa_devices WHERE account_id = \(accountID) AND serial_number = \(serialNumber) FOR UPDATE"
            : "SELECT \(unescaped: Self.columns) FROM iam_mfa_devices WHERE account_id = \(accountID) AND serial_number = \(serialNumber)"
        return try await transaction.rows(query, as: Row.self).first.map(Self.record)
    }

    /// Devices by assignment (`true` assigned, `false` unassigned, nil any), ordered by serial number.
    public func list(assigned: Bool?) async throws -> [MFADeviceRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_mfa_devices
            WHERE account_id = \(accountID) AND (\(assigned)::boolean IS NULL OR (user_id IS NOT NULL) = \(assigned)::boolean)
            ORDER BY serial_number
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// The devices enabled for `userID`, ordered by serial number.
    public func enabled(forUserID userID: String) async throws -> [MFADeviceRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM iam_mfa_devices
            WHERE account_id = \(accountID) AND user_id = \(userID) ORDER BY serial_number
            """,
            as: Row.self
        ).map(Self.record)
    }

    /// Enables a device for a user, recording the last time step its codes used.
    public func assign(_ serialNumber: String, userID: String, enabledAt: Date, lastCounter: Int64) async throws {
        try await transaction.execute(
            """
            UPDATE iam_mfa_devices SET user_id = \(userID), enabled_at = \(enabledAt), last_counter = \(lastCounter)
            WHERE account_id = \(accountID) AND serial_number = \(serialNumber)
            """)
    }

    /// Records the last time step accepted.
    public func setLastCounter(_ serialNumber: String, _ counter: Int64) async throws {
        try await transaction.execute(
            "UPDATE iam_mfa_devices SET last_counter = \(counter) WHERE account_id = \(accountID) AND serial_number = \(serialNumber)")
    }

    /// Unassigns a device; its replay floor stays.
    public func unassign(_ serialNumber: String) async throws {
        try await transaction.execute(
            """
            UPDATE iam_mfa_devices SET user_id = NULL, enabled_at = NULL, assigned_to_root = false
            WHERE account_id = \(accountID) AND serial_number = \(serialNumber)
            """)
    }

    public func setTags(_ serialNumber: String, _ tags: [TagRecord]) async throws {
        try await transaction.execute(
            """
            UPDATE iam_mfa_devices SET tags = \(TagRecord.json(tags))::jsonb
            WHERE account_id = \(accountID) AND serial_number = \(serialNumber)
            """)
    }

    public func delete(_ serialNumber: String) async throws {
        try await transaction.execute("DELETE FROM iam_mfa_devices WHERE account_id = \(accountID) AND serial_number = \(serialNumber)")
    }
}
