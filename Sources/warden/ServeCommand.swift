import ArgumentParser
import Foundation
import Logging
import WardenServer
import WardenStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Warden server: migrations, then the AWS-compatible endpoint, until SIGINT or SIGTERM.",
        discussion: """
            Without --database-url Warden starts its own PostgreSQL cluster in the data directory (the system's \
            initdb and pg_ctl, on a Unix socket, no TCP port) and stops it on shutdown.
            """
    )

    @Option(name: .customLong("hostname"), help: "Address to listen on. [env: WARDEN_HOSTNAME] (default: 127.0.0.1)")
    var hostname: String?

    @Option(name: .customLong("port"), help: "Port to listen on. [env: WARDEN_PORT] (default: 9400)")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let environment = database.environment
        let portText = environment["WARDEN_PORT"]
        guard let port = port ?? (portText.map { Int($0) } ?? ServerConfiguration.defaultPort), (0...65535).contains(port) else {
            throw ValidationError("--port / WARDEN_PORT must be a number from 0 to 65535")
        }
        let configuration = ServerConfiguration(
            hostname: hostname ?? environment["WARDEN_HOSTNAME"] ?? ServerConfiguration.defaultHostname,
            port: port,
            dataDirectory: database.resolvedDataDirectory(),
            database: try database.resolvedDatabase(),
            logLevel: try database.resolvedLogLevel(),
            migrationsDirectory: database.resolvedMigrationsDirectory()
        )
        let logger = Console.logger(level: configuration.logLevel)
        do {
            try await WardenServer.run(configuration: configuration, logger: logger)
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}
