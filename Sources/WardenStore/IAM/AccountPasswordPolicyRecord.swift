/// An account's custom password policy as stored (`iam_password_policies`).
public struct AccountPasswordPolicyRecord: Sendable, Equatable {
    public var minimumLength: Int
    public var requireSymbols: Bool
    public var requireNumbers: Bool
    public var requireUppercase: Bool
    public var requireLowercase: Bool
    public var allowUsersToChange: Bool
    /// Days; nil: passwords never expire.
    public var maxAge: Int?
    /// Earlier passwords that may not be reused; nil: no prevention.
    public var reusePrevention: Int?
    public var hardExpiry: Bool?

    public init(
        minimumLength: Int, requireSymbols: Bool, requireNumbers: Bool, requireUppercase: Bool, requireLowercase: Bool,
        allowUsersToChange: Bool, maxAge: Int?, reusePrevention: Int?, hardExpiry: Bool?
    ) {
        self.minimumLength = minimumLength
        self.requireSymbols = requireSymbols
        self.requireNumbers = requireNumbers
        self.requireUppercase = requireUppercase
        self.requireLowercase = requireLowercase
        self.allowUsersToChange = allowUsersToChange
        self.maxAge = maxAge
        self.reusePrevention = reusePrevention
        self.hardExpiry = hardExpiry
    }
}
