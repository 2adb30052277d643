/// An account's custom password policy, as UpdateAccountPasswordPolicy sets and GetAccountPasswordPolicy returns it.
/// Omitted settings take AWS's defaults: length 6, no character requirements, no expiry, no reuse prevention.
public struct PasswordPolicy: Sendable, Equatable, Codable {
    public static let minimumPasswordLengthRange = 6...128
    public static let maxPasswordAgeRange = 1...1095
    public static let passwordReusePreventionRange = 1...24
    /// Symbols AWS counts for RequireSymbols (and for the default policy's character types).
    public static let symbols: Set<Character> = [
        "!", "@", "#", "$", "%", "^", "&", "*", "(", ")", "_", "+", "-", "=", "[", "]", "{", "}", "|", "'",
    ]

    public let minimumPasswordLength: Int
    public let requireSymbols: Bool
    public let requireNumbers: Bool
    public let requireUppercaseCharacters: Bool
    public let requireLowercaseCharacters: Bool
    public let allowUsersToChangePassword: Bool
    /// Days a password stays valid; nil means passwords never expire.
    public let maxPasswordAge: Int?
    /// How many previous passwords may not be reused; nil means reuse is allowed.
    public let passwordReusePrevention: Int?
    public let hardExpiry: Bool

    public init(
        minimumPasswordLength: Int = 6,
        requireSymbols: Bool = false,
        requireNumbers: Bool = false,
        requireUppercaseCharacters: Bool = false,
        requireLowercaseCharacters: Bool = false,
        allowUsersToChangePassword: Bool = false,
        maxPasswordAge: Int? = nil,
        passwordReusePrevention: Int? = nil,
        hardExpiry: Bool = false
    ) throws(PasswordPolicyError) {
        try Self.check("minimumPasswordLength", minimumPasswordLength, Self.minimumPasswordLengthRange)
        if let maxPasswordAge { try Self.check("maxPasswordAge", maxPasswordAge, Self.maxPasswordAgeRange) }
        if let passwordReusePrevention {
            try Self.check("passwordReusePrevention", passwordReusePrevention, Self.passwordReusePreventionRange)
        }
        self.minimumPasswordLength = minimumPasswordLength
        self.requireSymbols = requireSymbols
        self.requireNumbers = requireNumbers
        self.requireUppercaseCharacters = requireUppercaseCharacters
        self.requireLowercaseCharacters = requireLowercaseCharacters
        self.allowUsersToChangePassword = allowUsersToChangePassword
        self.maxPasswordAge = maxPasswordAge
        self.passwordReusePrevention = passwordReusePrevention
        self.hardExpiry = hardExpiry
    }

    /// GetAccountPasswordPolicy's ExpirePasswords, derived rather than stored.
    public var expirePasswords: Bool { maxPasswordAge != nil }

    private static func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws(PasswordPolicyError) {
        guard range.contains(value) else { throw PasswordPolicyError(field: field, value: value, range: range) }
    }
}
