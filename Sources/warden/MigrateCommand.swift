import ArgumentParser
import Logging
import WardenServer
import WardenStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations, then exit."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Console.logger(level: try database.resolvedLogLevel())
        do {
            let migrations = try database.resolvedMigrations()
            switch try database.resolvedDatabase() {
            case .external(let endpoint):
                try await migrate(endpoint, migrations, logger)
            case .embedded:
                try await EmbeddedPostgres(dataDirectory: database.resolvedDataDirectory(), logger: logger).withRunning { endpoint in
                    try await migrate(endpoint, migrations, logger)
                }
            }
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }

    private func migrate(_ endpoint: DatabaseEndpoint, _ migrations: [Migration], _ logger: Logger) async throws {
        let applied = try await endpoint.withConnection(logger: logger) { connection in
            try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
        }
        print(applied.isEmpty ? "schema is up to date (\(migrations.count) migrations)" : "applied \(applied.map(\.fileName).joined(separator: ", "))")
    }
}
