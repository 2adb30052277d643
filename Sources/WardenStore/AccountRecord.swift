/// An account as stored.
public struct AccountRecord: Sendable, Equatable {
    public let accountID: String
    public let name: String
    public let email: String

    public init(accountID: String, name: String, email: String) {
        self.accountID = accountID
        self.name = name
        self.email = email
    }
}
