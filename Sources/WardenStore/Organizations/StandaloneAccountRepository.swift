public import Logging
public import PostgresNIO

/// Standalone accounts made by an operator (`warden accounts create`): AWS's sign-up, so that the account
/// can be invited into an organization.
public struct StandaloneAccountRepository: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Inserts an account with a fresh id from `generateID` (drawn again on the rare collision) and its root
    /// access key, sealed by `seal` for that id, in one transaction; returns the id.
    /// - Throws: ``StoreError/duplicate(_:)`` (`accounts_email_key`) when an account already uses the email.
    public func create(
        name: String, email: String, rootAccessKeyID: String, generateID: @Sendable () -> String,
        seal: @Sendable (_ accountID: String) -> [UInt8], logger: Logger
    ) async throws -> String {
        do {
            return try await insert(name: name, email: email, rootAccessKeyID: rootAccessKeyID, generateID: generateID, seal: seal, logger: logger)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error  // the constraint the insert met, as a StoreError
        }
    }

    private func insert(
        name: String, email: String, rootAccessKeyID: String, generateID: @Sendable () -> String,
        seal: @Sendable (_ accountID: String) -> [UInt8], logger: Logger
    ) async throws -> String {
        try await client.withTransaction(logger: logger) { connection in
            let transaction = StoreTransaction(connection: connection, logger: logger)
            var accountID: String?
            while accountID == nil {
                accountID = try await transaction.rows(
                    """
                    INSERT INTO accounts (account_id, name, email) VALUES (\(generateID()), \(name), \(email))
                    ON CONFLICT (account_id) DO NOTHING RETURNING account_id
                    """, as: String.self
                ).first
            }
            guard let accountID else { throw StoreError.conflict("accounts_pkey") }
            try await transaction.execute(
                """
                INSERT INTO access_keys (access_key_id, account_id, user_id, status, sealed_secret)
                VALUES (\(rootAccessKeyID), \(accountID), NULL, 'Active', \(ByteBuffer(bytes: seal(accountID))))
                """)
            return accountID
        }
    }

    /// Runs `body` with a repository on a small client of its own for `endpoint` (the command line's).
    public static func with<Result: Sendable>(
        _ endpoint: DatabaseEndpoint, logger: Logger, _ body: (StandaloneAccountRepository) async throws -> Result
    ) async throws -> Result {
        try await endpoint.withCommandClient(logger: logger) { client in try await body(StandaloneAccountRepository(client: client)) }
    }
}
