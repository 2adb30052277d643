import Foundation
public import Logging
import Hummingbird
import PostgresNIO
import ServiceLifecycle
import WardenStore

/// Runs Warden until SIGINT or SIGTERM: the database (embedded or external), migrations, then the HTTP server.
public enum WardenServer {
    /// Starts everything `configuration` describes and returns after a graceful shutdown.
    public static func run(configuration: ServerConfiguration, logger: Logger) async throws {
        let migrations = try Migration.load(from: configuration.migrationsDirectory)
        switch configuration.database {
        case .external(let endpoint):
            logger.info("using PostgreSQL", metadata: ["warden.database": "\(endpoint)"])
            try await serve(endpoint: endpoint, migrations: migrations, configuration: configuration, logger: logger)
        case .embedded:
            let cluster = EmbeddedPostgres(dataDirectory: configuration.dataDirectory, logger: logger)
            try await cluster.start()
            do {
                try await serve(endpoint: cluster.endpoint(), migrations: migrations, configuration: configuration, logger: logger)
            } catch {
                try? await cluster.stop()
                throw error
            }
            try await cluster.stop()
        }
    }

    private static func serve(
        endpoint: DatabaseEndpoint,
        migrations: [Migration],
        configuration: ServerConfiguration,
        logger: Logger
    ) async throws {
        try await endpoint.withConnection(logger: logger) { connection in
            try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
        }
        let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        let application = buildApplication(configuration: configuration, client: client, logger: logger)
        try await application.runService()
    }
}
