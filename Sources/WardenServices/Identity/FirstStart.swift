public import Logging
public import WardenAWS
public import WardenStore

/// The first start of an empty database: one standalone account with a root access key.
///
/// The account becomes the management account when it calls `CreateOrganization`, as in AWS. Later starts,
/// and every replica but one when several start together, change nothing.
public struct FirstStart: Sendable {
    /// What the operator chose (`WARDEN_ACCOUNT_ID`, `WARDEN_ROOT_ACCESS_KEY_ID`,
    /// `WARDEN_ROOT_SECRET_ACCESS_KEY`); whatever is nil is generated.
    public struct Choices: Sendable {
        public var accountID: String?
        public var rootAccessKeyID: String?
        public var rootSecretAccessKey: String?
        public var accountName: String
        public var accountEmail: String

        public init(
            accountID: String? = nil,
            rootAccessKeyID: String? = nil,
            rootSecretAccessKey: String? = nil,
            accountName: String = "Warden",
            accountEmail: String = "root@warden.invalid"
        ) {
            self.accountID = accountID
            self.rootAccessKeyID = rootAccessKeyID
            self.rootSecretAccessKey = rootSecretAccessKey
            self.accountName = accountName
            self.accountEmail = accountEmail
        }

        /// Checks the operator's choices before anything is written.
        public func validate() throws(FirstStartError) {
            if let accountID, !AWSIdentifier.accountID.isValid(accountID) {
                throw .invalidChoice("WARDEN_ACCOUNT_ID must be 12 digits, got '\(accountID)'")
            }
            if let rootAccessKeyID,
                !(16...128).contains(rootAccessKeyID.count)
                    || !rootAccessKeyID.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
            {
                throw .invalidChoice("WARDEN_ROOT_ACCESS_KEY_ID must be 16 to 128 upper-case letters and digits")
            }
            if let rootSecretAccessKey,
                !(16...128).contains(rootSecretAccessKey.count)
                    || !rootSecretAccessKey.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 })
            {
                throw .invalidChoice("WARDEN_ROOT_SECRET_ACCESS_KEY must be 16 to 128 printable ASCII characters without spaces")
            }
            if (rootAccessKeyID == nil) != (rootSecretAccessKey == nil) {
                throw .invalidChoice("set both WARDEN_ROOT_ACCESS_KEY_ID and WARDEN_ROOT_SECRET_ACCESS_KEY, or neither")
            }
        }
    }

    /// The root credentials made by a first start.
    public struct RootCredentials: Sendable, Equatable {
        public let accountID: String
        public let accessKeyID: String
        public let secretAccessKey: String
        /// True when Warden generated them (they must be shown to the operator once).
        public let generated: Bool
    }

    public let bootstrap: BootstrapRepository
    public let sealer: SecretSealer

    public init(bootstrap: BootstrapRepository, masterKey: MasterKey) {
        self.bootstrap = bootstrap
        self.sealer = SecretSealer(masterKey: masterKey)
    }

    /// Creates the first account if the database has none.
    ///
    /// - Returns: the new root credentials, or nil when the database already had an account.
    public func run(_ choices: Choices, logger: Logger) async throws -> RootCredentials? {
        try choices.validate()
        let accountID = choices.accountID ?? AWSIdentifier.accountID.generate()
        let accessKeyID = choices.rootAccessKeyID ?? AWSIdentifier.accessKeyID.generate()
        let secret = choices.rootSecretAccessKey ?? AWSIdentifier.secretAccessKey.generate()
        let created = try await bootstrap.createFirstAccount(
            AccountRecord(accountID: accountID, name: choices.accountName, email: choices.accountEmail),
            rootAccessKeyID: accessKeyID,
            sealedSecret: sealer.seal(secret, binding: SecretBinding(accessKeyID: accessKeyID, accountID: accountID, userID: nil)),
            logger: logger
        )
        guard created else { return nil }
        logger.notice("created the first account", metadata: ["warden.account_id": "\(accountID)", "warden.access_key_id": "\(accessKeyID)"])
        return RootCredentials(accountID: accountID, accessKeyID: accessKeyID, secretAccessKey: secret, generated: choices.rootSecretAccessKey == nil)
    }
}

/// A first-start choice Warden cannot use.
public enum FirstStartError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidChoice(String)
    case masterKeyMismatch

    public var description: String {
        switch self {
        case .invalidChoice(let message): message
        case .masterKeyMismatch:
            "the master key does not match the one this database's secrets were sealed with: set WARDEN_MASTER_KEY (or <data-dir>/master.key) to the key in use when the database was created"
        }
    }
}
