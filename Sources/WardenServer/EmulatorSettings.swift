public import WardenServices
public import WardenStore

/// What makes a server an emulator (`warden emulate`): a throwaway instance for test suites, in place of
/// moto_server or LocalStack.
public struct EmulatorSettings: Sendable {
    /// The account id AWS's documentation and the usual emulators use.
    public static let defaultAccountID = "123456789012"
    /// AWS's documented example key pair: the emulator account's root key unless `WARDEN_ROOT_ACCESS_KEY_ID`
    /// and `WARDEN_ROOT_SECRET_ACCESS_KEY` choose another.
    public static let defaultRootAccessKeyID = "AKIAIOSFODNN7EXAMPLE"
    public static let defaultRootSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    /// moto_server's port, so a suite written for it needs no new endpoint; `serve` uses 9400.
    public static let defaultPort = 5000

    /// The first account: made at start and again by every reset.
    public var account: AccountRecord
    public var rootAccessKeyID: String
    public var rootSecretAccessKey: String
    /// Whether a key Warden never issued is refused (`--strict`) rather than taken as the account's root.
    public var strict: Bool

    public init(
        accountID: String = Self.defaultAccountID,
        rootAccessKeyID: String = Self.defaultRootAccessKeyID,
        rootSecretAccessKey: String = Self.defaultRootSecretAccessKey,
        strict: Bool = false
    ) {
        self.account = AccountRecord(accountID: accountID, name: "Emulator", email: "root@emulator.warden.invalid")
        self.rootAccessKeyID = rootAccessKeyID
        self.rootSecretAccessKey = rootSecretAccessKey
        self.strict = strict
    }

    /// The first start that makes ``account``.
    public var firstStart: FirstStart.Choices {
        FirstStart.Choices(
            accountID: account.accountID, rootAccessKeyID: rootAccessKeyID, rootSecretAccessKey: rootSecretAccessKey,
            accountName: account.name, accountEmail: account.email)
    }

    var unknownKeys: UnknownAccessKeys { strict ? .refused : .rootOf(accountID: account.accountID) }
}
