public import Foundation

/// An IAM user's console password: its crypt(3) hash only, never the password.
public struct LoginProfileRecord: Sendable, Equatable {
    public let userID: String
    public let passwordHash: String
    public let passwordResetRequired: Bool
    public let passwordChangedAt: Date
    public let createdAt: Date

    public init(userID: String, passwordHash: String, passwordResetRequired: Bool, passwordChangedAt: Date, createdAt: Date) {
        self.userID = userID
        self.passwordHash = passwordHash
        self.passwordResetRequired = passwordResetRequired
        self.passwordChangedAt = passwordChangedAt
        self.createdAt = createdAt
    }
}
