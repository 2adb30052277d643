import Foundation
public import Logging
public import PostgresNIO
public import WardenAWS
public import WardenStore

/// Signing up for a new standalone AWS account, as an operator does it in Warden: an account outside any
/// organization, with a root access key, ready to be invited (`InviteAccountToOrganization`).
public struct AccountSignUp: Sendable {
    public let accounts: StandaloneAccountRepository
    public let sealer: SecretSealer

    public init(client: PostgresClient, sealer: SecretSealer) {
        self.accounts = StandaloneAccountRepository(client: client)
        self.sealer = sealer
    }

    /// Creates the account and returns its root credentials (the secret is shown only here).
    /// - Throws: ``AccountSignUpError`` for a name or email AWS would not take, or an email in use.
    public func run(name: String, email: String, logger: Logger) async throws -> FirstStart.RootCredentials {
        guard (1...50).contains(name.count), !name.contains(where: \.isNewline) else {
            throw AccountSignUpError("the account name must be 1 to 50 characters on one line")
        }
        guard AccountCreation.isValidEmail(email) else { throw AccountSignUpError("'\(email)' is not an email address AWS accepts for an account") }
        let accessKeyID = AWSIdentifier.accessKeyID.generate()
        let secret = AWSIdentifier.secretAccessKey.generate()
        let sealer = self.sealer
        let accountID: String
        do {
            accountID = try await accounts.create(
                name: name, email: email, rootAccessKeyID: accessKeyID, generateID: { AWSIdentifier.accountID.generate() },
                seal: { sealer.seal(secret, binding: SecretBinding(accessKeyID: accessKeyID, accountID: $0, userID: nil)) }, logger: logger)
        } catch StoreError.duplicate {
            throw AccountSignUpError("an account with the email address \(email) already exists")
        }
        logger.notice("created a standalone account", metadata: ["warden.account_id": "\(accountID)", "warden.access_key_id": "\(accessKeyID)"])
        return FirstStart.RootCredentials(accountID: accountID, accessKeyID: accessKeyID, secretAccessKey: secret, generated: true)
    }
}

/// A sign-up Warden refuses, and why.
public struct AccountSignUpError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
