import Foundation
public import Logging
import Hummingbird
import PostgresNIO
import ServiceLifecycle
import UnixSignals
import WardenAWS
import WardenServices
import WardenStore

/// Runs Warden until SIGINT or SIGTERM: the database (embedded or external), migrations, the master-key
/// check, the first start of an empty database, then the HTTP server.
public enum WardenServer {
    /// Starts everything `configuration` describes and returns after a graceful shutdown.
    public static func run(configuration: ServerConfiguration, logger: Logger) async throws {
        try configuration.firstStart.validate()
        let migrations = try Migration.resolve(directory: configuration.migrationsDirectory)
        let masterKey = try MasterKeyFile.load(
            environmentValue: configuration.masterKeyBase64, openOnlyValue: configuration.openOnlyMasterKeysBase64, dataDirectory: configuration.dataDirectory)
        switch configuration.database {
        case .external(let endpoint):
            logger.info("using PostgreSQL", metadata: ["warden.database": "\(endpoint)"])
            try await serve(
                endpoint: endpoint, cluster: nil, migrations: migrations, masterKey: masterKey, configuration: configuration, logger: logger)
        case .embedded:
            let cluster = EmbeddedPostgres(dataDirectory: configuration.dataDirectory, durability: configuration.embeddedDurability,
                templateDirectory: configuration.embeddedTemplateDirectory, logger: logger)
            try await cluster.withRunning { endpoint in
                try await serve(
                    endpoint: endpoint, cluster: cluster, migrations: migrations, masterKey: masterKey, configuration: configuration, logger: logger)
            }
        }
    }

    private static func serve(
        endpoint: DatabaseEndpoint,
        cluster: EmbeddedPostgres?,
        migrations: [Migration],
        masterKey: MasterKey,
        configuration: ServerConfiguration,
        logger: Logger
    ) async throws {
        try await endpoint.withConnection(logger: logger) { connection in
            try await MigrationRunner(migrations: migrations).run(on: connection, logger: logger)
        }
        // Before any service starts, so a wrong key (a replica left on a rotated-out key) exits at once with
        // its message rather than failing inside the service group's start.
        try await endpoint.withCommandClient(logger: logger) { client in
            try await MasterKeyCheck(credentials: CredentialRepository(client: client), masterKey: masterKey).run(logger: logger)
        }
        let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        var application = buildApplication(configuration: configuration, client: client, masterKey: masterKey, cluster: cluster, logger: logger)
        let dataDirectory = configuration.dataDirectory
        let choices = configuration.firstStart
        let emulates = configuration.emulator != nil
        let address = "http://\(configuration.hostname):\(configuration.port)"
        application.beforeServerStarts {
            let firstStart = FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey)
            if let credentials = try await firstStart.run(choices, logger: logger), credentials.generated {
                RootCredentialsNotice(credentials: credentials, endpoint: address).announce(dataDirectory: dataDirectory, logger: logger)
            }
            if emulates {
                try await BootstrapRepository(client: client).saveBaseline(logger: logger)
            }
        }
        // A service that does not finish its graceful shutdown in time is cancelled rather than holding the
        // process: a supervisor's stop must not wait on, say, a database that stopped answering.
        var group = ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
    }
}
