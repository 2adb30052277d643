public import Foundation

/// A virtual MFA device as stored: its seed sealed under the master key, the user it is enabled for, and
/// the last TOTP time step accepted (so a code is never accepted twice).
public struct MFADeviceRecord: Sendable, Equatable {
    /// `arn:aws:iam::ACCOUNT:mfa/PATH/NAME`.
    public let serialNumber: String
    public let name: String
    public let path: String
    public let sealedSeed: [UInt8]
    /// The IAM user it is enabled for; nil when unassigned.
    public let userID: String?
    public let enabledAt: Date?
    public let lastCounter: Int64
    public let tags: [TagRecord]
    public let createdAt: Date

    public init(
        serialNumber: String, name: String, path: String, sealedSeed: [UInt8], userID: String? = nil, enabledAt: Date? = nil,
        lastCounter: Int64 = 0, tags: [TagRecord] = [], createdAt: Date
    ) {
        self.serialNumber = serialNumber
        self.name = name
        self.path = path
        self.sealedSeed = sealedSeed
        self.userID = userID
        self.enabledAt = enabledAt
        self.lastCounter = lastCounter
        self.tags = tags
        self.createdAt = createdAt
    }
}
