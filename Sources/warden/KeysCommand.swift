import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import WardenAWS
import WardenServer
import WardenServices
import WardenStore

/// `warden keys`: the keys that seal STS session tokens.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the keys that seal STS session tokens.",
        discussion: """
            Session tokens are sealed under a session key stored in the database, itself sealed under the master key. \
            `rotate` makes a new key current: running servers seal new tokens under it from their next issue, and \
            tokens under the retired keys keep working until they expire. `prune` and `revoke` delete retired keys: \
            the sessions sealed under them stop working (on running servers within 30 seconds).
            """,
        subcommands: [Rotate.self, List.self, Prune.self, Revoke.self, RotateMaster.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new session key current and retire the current one.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await KeysCommand.withStore(database) { repository, sealer, logger in
                let (keyID, sealed) = sealer.sealNewKey()
                let retired = try await repository.rotate(to: keyID, sealedKey: sealed, logger: logger)
                print("current session key: \(keyID)" + (retired.map { " (retired \($0))" } ?? ""))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the session keys, newest first.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await KeysCommand.withStore(database) { repository, _, logger in
                let keys = try await repository.all(logger: logger)
                if keys.isEmpty { print("no session key yet (the first session issued creates one)") }
                for key in keys {
                    let created = AWSTimestamp.iso8601(key.createdAt)
                    print("\(key.keyID)  created \(created)  " + (key.retiredAt.map { "retired \(AWSTimestamp.iso8601($0))" } ?? "current"))
                }
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete session keys retired longer ago than the longest session lasts (36 hours by default).")
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("retired-hours"), help: "Delete keys retired more than this many hours ago. (default: 36)")
        var hours: Int = 36

        func run() async throws {
            guard hours >= 0 else { throw ValidationError("--retired-hours must not be negative") }
            try await KeysCommand.withStore(database) { repository, _, logger in
                let cutoff = Date().addingTimeInterval(-TimeInterval(hours) * 3600)
                let deleted = try await repository.deleteRetired(retiredBefore: cutoff, logger: logger)
                print(deleted.isEmpty ? "no key to delete" : "deleted \(deleted.joined(separator: ", "))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete one retired session key now: every session sealed under it stops working.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The retired key's id (see `warden keys list`).") var keyID: String

        func run() async throws {
            try await KeysCommand.withStore(database) { repository, _, logger in
                let deleted = try await repository.deleteRetired(keyID: keyID, logger: logger)
                guard !deleted.isEmpty else {
                    throw ValidationError("\(keyID) is not a retired session key (the current key cannot be revoked: rotate first)")
                }
                print("revoked \(keyID)")
            }
        }
    }

    struct RotateMaster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master",
            abstract: "Seal every stored secret again under the master key, opening it under WARDEN_OPEN_ONLY_MASTER_KEYS if need be.",
            discussion: """
                Run it with the new key as the master key (WARDEN_MASTER_KEY or master.key) and the old one in \
                WARDEN_OPEN_ONLY_MASTER_KEYS, once every server opens under both (README § Master key rotation). \
                One transaction: access-key secrets, MFA seeds, the master-key probe and session keys; a value \
                neither key opens changes nothing. Running it again reseals only what is not yet under the key.
                """)
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await KeysCommand.withStore(database) { repository, _, logger in
                let masterKey = try database.resolvedMasterKey()
                let report: MasterKeyRotation.Report
                do {
                    report = try await repository.client.withTransaction(logger: logger) { connection in
                        try await MasterKeyRotation(masterKey: masterKey).run(StoreTransaction(connection: connection, logger: logger))
                    }
                } catch let error as PostgresTransactionError {
                    // The rotation's own error (which value does not open), not the transaction's wrapper.
                    throw error.closureError ?? error.commitError ?? error.beginError ?? error
                }
                print("resealed \(report.resealed) values under master key \(masterKey.id) (\(report.alreadyCurrent) already were)")
                if !masterKey.openOnly.isEmpty {
                    print("every secret is sealed under \(masterKey.id): once every server runs without WARDEN_OPEN_ONLY_MASTER_KEYS, the old key opens nothing new (keep it for backups made before)")
                }
            }
        }
    }

    /// Runs `body` against the database (the running server's embedded cluster when there is one) with the
    /// master key, checked against the database first so a wrong key never stores a key nothing can open.
    static func withStore(
        _ database: DatabaseOptions, _ body: (SessionKeyRepository, SessionTokenSealer, Logger) async throws -> Void
    ) async throws {
        let logger = Console.logger(level: try database.resolvedLogLevel())
        do {
            let masterKey = try database.resolvedMasterKey()
            func run(_ endpoint: DatabaseEndpoint) async throws {
                try await SessionKeyRepository.with(endpoint, logger: logger) { repository in
                    try await MasterKeyCheck(credentials: CredentialRepository(client: repository.client), masterKey: masterKey).run(logger: logger)
                    try await body(repository, SessionTokenSealer(masterKey: masterKey), logger)
                }
            }
            try await database.withDatabase(logger: logger, run)
        } catch let error as ValidationError {
            throw error
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}
