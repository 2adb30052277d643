import ArgumentParser
import Foundation
import Logging
import WardenAWS
import WardenServer
import WardenServices
import WardenStore

/// `warden restore FILE`: a backup back into the database, its schema brought up to date, the master key checked.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup made by `warden backup` into the database, then apply newer migrations.",
        discussion: """
            The database must be empty, or --replace drops Warden's tables and restores over them, in one \
            transaction: a failure leaves the database as it was. Stop every server first: the embedded cluster \
            is refused while a server uses its data directory, and servers on an external database would keep \
            serving what they cached of the state before. After restoring, the master key (WARDEN_MASTER_KEY or \
            the data directory's master.key) must open the restored secrets; the backup does not contain it.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Flag(name: .customLong("replace"), help: "Drop Warden's tables and restore over them, in one transaction.")
    var replace = false
    @Argument(help: "The backup file, as `warden backup` wrote it.")
    var file: String

    /// Whether the configured master key opens what the backup sealed.
    enum MasterKeyOutcome {
        case opens
        case doesNotOpen
        case noKeyConfigured
    }

    func run() async throws {
        let logger = Console.logger(level: try database.resolvedLogLevel())
        let source = URL(fileURLWithPath: file)
        do {
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw DatabaseBackupError.fileSystem(path: source.path, reason: "no such file")
            }
            let backup = try DatabaseBackup()
            let migrations = try database.resolvedMigrations()
            let masterKey = try database.configuredMasterKey()
            let replace = self.replace
            func restore(_ endpoint: DatabaseEndpoint) async throws -> (DatabaseBackup.Restored, MasterKeyOutcome) {
                let restored = try await backup.restore(source, into: endpoint, replace: replace, migrations: migrations, logger: logger)
                guard let masterKey else { return (restored, .noKeyConfigured) }
                do {
                    try await endpoint.withCommandClient(logger: logger) { client in
                        try await MasterKeyCheck(credentials: CredentialRepository(client: client), masterKey: masterKey).run(logger: logger)
                    }
                    return (restored, .opens)
                } catch FirstStartError.masterKeyMismatch {
                    return (restored, .doesNotOpen)
                }
            }
            let (restored, outcome) =
                switch try database.resolvedDatabase() {
                case .external(let endpoint):
                    try await restore(endpoint)
                case .embedded:
                    // Takes the data directory's lock: refused while a server runs on it.
                    try await EmbeddedPostgres(dataDirectory: database.resolvedDataDirectory(), logger: logger).withRunning(restore)
                }
            let applied = restored.appliedMigrations.map(\.fileName)
            print(
                "restored \(file): \(restored.contents.bytes) bytes, schema at migration \(restored.contents.migration)"
                    + (applied.isEmpty ? "" : ", then applied \(applied.joined(separator: ", "))"))
            switch outcome {
            case .opens:
                print("the master key opens the restored secrets")
            case .noKeyConfigured:
                print(
                    "no master key to check: before `warden serve`, put the master key the backup was made under in "
                        + "\(database.resolvedDataDirectory().appendingPathComponent("master.key").path) (mode 0600) or WARDEN_MASTER_KEY")
            case .doesNotOpen:
                logger.critical(
                    """
                    the database is restored, but the master key does not open its secrets: the backup was sealed under \
                    another master key. Serve it with that key (WARDEN_MASTER_KEY or master.key in the data directory); \
                    without it no access key, MFA device or session of the backup can be used
                    """)
                throw ExitCode.failure
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}
