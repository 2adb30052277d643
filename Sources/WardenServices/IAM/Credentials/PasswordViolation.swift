/// One way a password fails the account's rules, reported as PasswordPolicyViolation.
public enum PasswordViolation: Sendable, Equatable {
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case missingUppercase
    case missingLowercase
    case missingNumber
    case missingSymbol
    /// The default policy wants at least three of uppercase, lowercase, numbers and symbols.
    case tooFewCharacterTypes(required: Int)
    /// The default policy refuses the user's own name or the account's name or email.
    case matchesName
    case reused(count: Int)

    /// The sentence AWS puts in the PasswordPolicyViolation error message.
    public var message: String {
        switch self {
        case .tooShort(let minimum): "Password should have a minimum length of \(minimum)"
        case .tooLong(let maximum): "Password should have a maximum length of \(maximum)"
        case .missingUppercase: "Password should have at least one uppercase letter"
        case .missingLowercase: "Password should have at least one lowercase letter"
        case .missingNumber: "Password should have at least one number"
        case .missingSymbol: "Password should have at least one symbol"
        case .tooFewCharacterTypes(let required):
            "Password should have at least \(required) of the following: uppercase letters, lowercase letters, numbers, symbols"
        case .matchesName: "Password should not be the same as the user name, account name or email address"
        case .reused(let count): "Password should not be one of your previous \(count) passwords"
        }
    }

    /// AWS reports one requirement per error; the first violation found is the one shown.
    public static func errorMessage(for violations: [PasswordViolation]) -> String? {
        violations.first?.message
    }
}
