import ArgumentParser
import Foundation
import Logging
import WardenStore

/// `warden backup FILE`: the whole database in pg_dump's custom format, taken while the server serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write the database to a file (pg_dump's custom format); the server may keep running.",
        discussion: """
            pg_dump reads one consistent snapshot, so a running server keeps serving. The file is written as \
            FILE.partial and renamed when complete (mode 0600). It holds the sealed secrets but not the master key \
            that opens them: keep the master key apart from the backups, and safe, as `warden restore` needs it.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The file to write; an existing one is replaced only once the new backup is complete.")
    var file: String

    func run() async throws {
        let logger = Console.logger(level: try database.resolvedLogLevel())
        do {
            let backup = try DatabaseBackup()
            let target = URL(fileURLWithPath: file)
            let contents = try await database.withDatabase(logger: logger) { endpoint in
                try await backup.backUp(endpoint, to: target)
            }
            print("wrote \(file): \(contents.bytes) bytes, schema at migration \(contents.migration)")
            print("the master key is not in the backup: restoring needs the same master key")
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}
