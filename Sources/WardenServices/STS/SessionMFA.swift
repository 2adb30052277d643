import Foundation
import PostgresNIO
import WardenAWS
import WardenStore

/// The MFA proof `AssumeRole` and `GetSessionToken` accept (`SerialNumber` + `TokenCode`): one code of
/// the caller's own enabled virtual device, never the same time step twice.
enum SessionMFA {
    /// `AccessDenied` for an MFA code that does not verify, as AWS words it.
    static let invalidMFACode = AWSServiceError.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ")

    /// Verifies `tokenCode` against the caller's enabled MFA device `serialNumber`, never accepting a time
    /// step twice (the step is stored as the device's replay floor).
    /// - Throws: `AccessDenied` as AWS words it when the device is not the caller's or the code is wrong.
    static func verify(serialNumber: String?, tokenCode: String?, _ call: OperationContext) async throws -> Bool {
        if serialNumber == nil, tokenCode == nil { return false }
        guard let serialNumber, let tokenCode else {
            throw AWSServiceError.accessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")
        }
        guard let device = try await call.mfaDevices.withSerial(serialNumber, lock: true), device.enabledAt != nil else {
            throw invalidMFACode
        }
        switch call.caller.kind {
        case .user(let userID, _, _):
            guard device.userID == userID else { throw invalidMFACode }
        case .root:
            let root = try await call.transaction.rows(
                "SELECT assigned_to_root FROM iam_mfa_devices WHERE account_id = \(call.accountID) AND serial_number = \(serialNumber)",
                as: Bool.self)
            guard root.first == true else { throw invalidMFACode }
        case .assumedRole, .federatedUser, .webIdentity:
            throw invalidMFACode
        }
        let seed = try MFASeeds.seed(of: device, call)
        let floor = device.lastCounter > 0 ? UInt64(device.lastCounter) : nil
        guard let counter = TOTP(secret: seed).verify(code: tokenCode, at: call.now, lastUsedCounter: floor) else { throw invalidMFACode }
        try await call.mfaDevices.setLastCounter(device.serialNumber, Int64(counter))
        return true
    }
}
