/// A long-term access key as stored: whose it is, whether it works, and its secret sealed under the master key.
public struct AccessKeyRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case active = "Active"
        case inactive = "Inactive"
    }

    /// The IAM user a key belongs to; a key without one is the account root user's.
    public struct Owner: Sendable, Equatable {
        public let userID: String
        public let name: String
        public let path: String

        public init(userID: String, name: String, path: String) {
            self.userID = userID
            self.name = name
            self.path = path
        }
    }

    public let accessKeyID: String
    public let accountID: String
    public let owner: Owner?
    public let status: Status
    /// Whether the key's account is ACTIVE: keys of suspended or closing accounts stop working.
    public let accountIsActive: Bool
    public let sealedSecret: [UInt8]

    public init(accessKeyID: String, accountID: String, owner: Owner?, status: Status, accountIsActive: Bool, sealedSecret: [UInt8]) {
        self.accessKeyID = accessKeyID
        self.accountID = accountID
        self.owner = owner
        self.status = status
        self.accountIsActive = accountIsActive
        self.sealedSecret = sealedSecret
    }
}
