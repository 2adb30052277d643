/// The rules a new password is checked against: AWS's built-in default until the account sets a custom policy.
public enum PasswordRules: Sendable, Equatable {
    case awsDefault
    case custom(PasswordPolicy)

    /// The longest password IAM accepts under any policy.
    public static let maximumPasswordLength = 128
    /// The default policy's length floor (custom policies may go down to 6).
    public static let defaultMinimumLength = 8

    public init(_ policy: PasswordPolicy?) {
        self = policy.map(Self.custom) ?? .awsDefault
    }

    /// All requirements `password` misses, in the order AWS lists them.
    public func check(
        _ password: String,
        userName: String,
        accountName: String? = nil,
        accountEmail: String? = nil
    ) -> [PasswordViolation] {
        let types = CharacterTypes(password)
        let length = password.count
        var violations: [PasswordViolation] = []
        if length > Self.maximumPasswordLength { violations.append(.tooLong(maximum: Self.maximumPasswordLength)) }
        switch self {
        case .awsDefault:
            if length < Self.defaultMinimumLength { violations.append(.tooShort(minimum: Self.defaultMinimumLength)) }
            if types.count < 3 { violations.append(.tooFewCharacterTypes(required: 3)) }
            if [userName, accountName, accountEmail].contains(where: { $0 != nil && $0 == password }) {
                violations.append(.matchesName)
            }
        case .custom(let policy):
            if length < policy.minimumPasswordLength { violations.append(.tooShort(minimum: policy.minimumPasswordLength)) }
            if policy.requireUppercaseCharacters && !types.uppercase { violations.append(.missingUppercase) }
            if policy.requireLowercaseCharacters && !types.lowercase { violations.append(.missingLowercase) }
            if policy.requireNumbers && !types.number { violations.append(.missingNumber) }
            if policy.requireSymbols && !types.symbol { violations.append(.missingSymbol) }
        }
        return violations
    }

    /// The AWS messages for every requirement `password` misses; empty when it is acceptable.
    public func violations(for password: String, userName: String) -> [String] {
        check(password, userName: userName).map(\.message)
    }

    /// Which of the four AWS character classes a password uses (ASCII only, as AWS defines them).
    private struct CharacterTypes {
        var uppercase = false
        var lowercase = false
        var number = false
        var symbol = false

        init(_ password: String) {
            for character in password {
                guard let ascii = character.asciiValue else { continue }
                switch ascii {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): uppercase = true
                case UInt8(ascii: "a")...UInt8(ascii: "z"): lowercase = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"): number = true
                default: if PasswordPolicy.symbols.contains(character) { symbol = true }
                }
            }
        }

        var count: Int { [uppercase, lowercase, number, symbol].count(where: { $0 }) }
    }
}
