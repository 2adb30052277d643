import ArgumentParser
import Foundation
import Logging
import WardenAWS
import WardenServer
import WardenServices
import WardenStore

/// `warden accounts`: accounts outside any organization, as AWS's sign-up makes them.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Manage standalone accounts.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a standalone account with a root access key, to invite into an organization; print its credentials.",
            discussion: """
                Works on the database directly (the running server's embedded cluster when there is one), with the \
                master key `serve` uses (WARDEN_MASTER_KEY, else <data-dir>/master.key). The secret is printed once.
                """
        )

        @Option(help: "The account's name (1 to 50 characters).")
        var name: String

        @Option(help: "The account's email address, unique among accounts (invitations by email use it).")
        var email: String

        @Option(help: "The endpoint the printed snippet names.")
        var endpoint = "http://127.0.0.1:\(ServerConfiguration.defaultPort)"

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Console.logger(level: try database.resolvedLogLevel())
            do {
                let masterKey = try database.resolvedMasterKey()
                let migrations = try database.resolvedMigrations()
                let (name, email) = (self.name, self.email)
                let create: @Sendable (DatabaseEndpoint) async throws -> FirstStart.RootCredentials = { endpoint in
                    try await endpoint.withConnection(logger: logger) { connection in
                        try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
                    }
                    return try await StandaloneAccountRepository.with(endpoint, logger: logger) { accounts in
                        try await MasterKeyCheck(credentials: CredentialRepository(client: accounts.client), masterKey: masterKey).run(logger: logger)
                        return try await AccountSignUp(client: accounts.client, sealer: SecretSealer(masterKey: masterKey))
                            .run(name: name, email: email, logger: logger)
                    }
                }
                let credentials = try await database.withDatabase(logger: logger, create)
                print(
                    """
                    # Warden created standalone account \(credentials.accountID) and a root access key for it.
                    # This is the only time the secret is shown.
                    export AWS_ACCESS_KEY_ID=\(credentials.accessKeyID)
                    export AWS_SECRET_ACCESS_KEY=\(credentials.secretAccessKey)
                    export AWS_DEFAULT_REGION=us-east-1
                    export AWS_ENDPOINT_URL=\(endpoint)
                    # invite it from the management account:
                    #   aws organizations invite-account-to-organization --target Id=\(credentials.accountID),Type=ACCOUNT
                    """)
            } catch {
                logger.critical("\(error)")
                throw ExitCode.failure
            }
        }
    }
}
