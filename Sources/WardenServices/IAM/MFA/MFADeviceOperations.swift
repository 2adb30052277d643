import Foundation
import Logging
import PostgresNIO
public import WardenAWS
public import WardenShapes
import WardenStore

/// Virtual MFA devices: created unassigned with a fresh seed (returned once, as Base32 and a QR code),
/// enabled for a user with two consecutive codes, resynchronised, deactivated and deleted. Codes are
/// checked against the call's clock, and a time step once accepted is never accepted again.
extension IAM.CreateVirtualMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateVirtualMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.mfa(path: input.path ?? "/", name: input.virtualMFADeviceName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        IAMTags.conditionKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let tags = try IAMTags.initial(input.tags)
        let serial = call.arn.mfa(path: input.path ?? "/", name: input.virtualMFADeviceName)
        let seed = VirtualMFASeed.random()
        let device = MFADeviceRecord(
            serialNumber: serial, name: input.virtualMFADeviceName, path: input.path ?? "/",
            sealedSeed: call.environment.secrets.seal(seed.base32, binding: MFASeeds.binding(serial, call)), tags: tags,
            createdAt: call.now.wholeSeconds)
        do {
            try await call.mfaDevices.create(device)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("MFADevice entity at the same path and name already exists.")
        }
        let label = try await call.transaction.rows(
            "SELECT alias FROM iam_account_aliases WHERE account_id = \(call.accountID)", as: String.self
        ).first ?? call.accountID
        let uri = seed.otpauthURI(deviceName: input.virtualMFADeviceName, accountAliasOrID: label)
        let png = try QRCode(text: uri).pngData()
        return Output(virtualMFADevice: IAM.VirtualMFADevice(
            serialNumber: serial, base32StringSeed: Data(seed.base32.utf8), qrCodePNG: Data(png), tags: IAMTags.shape(tags)))
    }
}

extension IAM.EnableMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:EnableMFADevice"
    /// AWS's `MFADevicesPerUser` quota.
    static let quota = 8

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        let device = try await MFASeeds.device(input.serialNumber, call, lock: true)
        guard device.userID == nil else { throw IAM.Errors.entityAlreadyExists("MFA Device is already in use.") }
        guard try await call.mfaDevices.enabled(forUserID: user.userID).count < quota else {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for MFADevicesPerUser: \(quota)")
        }
        let counter = try MFASeeds.verify(device, input.authenticationCode1, input.authenticationCode2, call)
        try await call.mfaDevices.assign(device.serialNumber, userID: user.userID, enabledAt: call.now.wholeSeconds, lastCounter: counter)
        return Output()
    }
}

extension IAM.ResyncMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:ResyncMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName)
        let device = try await MFASeeds.device(input.serialNumber, call, lock: true)
        guard device.userID == user.userID else {
            throw IAM.Errors.noSuchEntity("MFA Device with serial number \(input.serialNumber) does not exist.")
        }
        let counter = try MFASeeds.verify(device, input.authenticationCode1, input.authenticationCode2, call)
        try await call.mfaDevices.setLastCounter(device.serialNumber, counter)
        return Output()
    }
}

extension IAM.DeactivateMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:DeactivateMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        guard let device = try await call.mfaDevices.withSerial(input.serialNumber, lock: true), let userID = owner.userID,
            device.userID == userID
        else {
            throw IAM.Errors.noSuchEntity("MFA Device with serial number \(input.serialNumber) does not exist.")
        }
        try await call.mfaDevices.unassign(device.serialNumber)
        return Output()
    }
}

extension IAM.DeleteVirtualMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteVirtualMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.serialNumber }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let device = try await MFASeeds.device(input.serialNumber, call, lock: true)
        guard device.userID == nil else { throw IAM.Errors.deleteConflict("MFA device is in use.") }
        try await call.mfaDevices.delete(device.serialNumber)
        return Output()
    }
}

extension IAM.ListMFADevices: ServiceOperation {
    public static let action: RequiredAction = "iam:ListMFADevices"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        guard case .user(let user) = owner else { return Output(mfaDevices: [], isTruncated: false) }
        let devices = try await call.mfaDevices.enabled(forUserID: user.userID)
        let page = try Pagination.page(devices, marker: input.marker, maxItems: input.maxItems) { $0.serialNumber }
        return Output(
            mfaDevices: page.items.map { IAM.MFADevice(userName: user.name, serialNumber: $0.serialNumber, enableDate: $0.enabledAt ?? $0.createdAt) },
            isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListVirtualMFADevices: ServiceOperation {
    public static let action: RequiredAction = "iam:ListVirtualMFADevices"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let assigned: Bool? =
            switch input.assignmentStatus {
            case "Assigned": true
            case "Unassigned": false
            default: nil
            }
        let devices = try await call.mfaDevices.list(assigned: assigned)
        let page = try Pagination.page(devices, marker: input.marker, maxItems: input.maxItems) { $0.serialNumber }
        var shapes: [IAM.VirtualMFADevice] = []
        for device in page.items {
            var user: IAM.User?
            if let userID = device.userID, let record = try await call.users.withID(userID) {
                user = record.shape
                user?.tags = nil
                user?.permissionsBoundary = nil
            }
            shapes.append(IAM.VirtualMFADevice(
                serialNumber: device.serialNumber, user: user, enableDate: device.enabledAt, tags: IAMTags.shape(device.tags)))
        }
        return Output(virtualMFADevices: shapes, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.GetMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:GetMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        guard let device = try await call.mfaDevices.withSerial(input.serialNumber), let userID = owner.userID, device.userID == userID
        else {
            throw IAM.Errors.noSuchEntity("MFA Device with serial number \(input.serialNumber) does not exist.")
        }
        return Output(userName: owner.userName, serialNumber: device.serialNumber, enableDate: device.enabledAt)
    }
}

/// The device lookups and code checks the MFA operations share.
enum MFASeeds {
    /// Seeds are sealed like access-key secrets, bound to the device's serial number and account.
    static func binding(_ serialNumber: String, _ call: OperationContext) -> SecretBinding {
        SecretBinding(accessKeyID: serialNumber, accountID: call.accountID, userID: nil)
    }

    /// The device's TOTP seed, opened from its sealed form. - Throws: `InternalFailure` (logged) when it does
    /// not open under the master key.
    static func seed(of device: MFADeviceRecord, _ call: OperationContext) throws(AWSServiceError) -> [UInt8] {
        do {
            let text = try call.environment.secrets.open(device.sealedSeed, binding: binding(device.serialNumber, call))
            if let bytes = Base32.decode(text) { return bytes }
        } catch {}
        call.logger.error("an MFA seed does not open under the master key", metadata: ["warden.serial_number": "\(device.serialNumber)"])
        throw AWSServiceError.internalFailure
    }

    /// The device `serialNumber`. - Throws: `NoSuchEntity` as AWS words it.
    static func device(_ serialNumber: String, _ call: OperationContext, lock: Bool = false) async throws -> MFADeviceRecord {
        guard let device = try await call.mfaDevices.withSerial(serialNumber, lock: lock) else {
            throw IAM.Errors.noSuchEntity("VirtualMFADevice with serial number \(serialNumber) doesn't exist.")
        }
        return device
    }

    /// Checks two consecutive codes of `device` at the call's time, never reusing a step already accepted.
    /// - Returns: the last time step consumed, the device's new replay floor.
    /// - Throws: `InvalidAuthenticationCode`.
    static func verify(_ device: MFADeviceRecord, _ code1: String, _ code2: String, _ call: OperationContext) throws -> Int64 {
        let seed = try self.seed(of: device, call)
        let floor = device.lastCounter > 0 ? UInt64(device.lastCounter) : nil
        guard let counter = TOTP(secret: seed).verifyConsecutive(code1, code2, at: call.now, after: floor) else {
            throw IAM.Errors.invalidAuthenticationCode("Authentication code for device is not valid.")
        }
        return Int64(counter)
    }
}

extension OperationContext {
    /// The account's virtual MFA devices, on the call's transaction.
    var mfaDevices: MFADeviceRepository { MFADeviceRepository(transaction: transaction, accountID: accountID) }
}
