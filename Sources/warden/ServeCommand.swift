import ArgumentParser
import Foundation
import Logging
import WardenServer
import WardenServices
import WardenStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Warden server: migrations, then the AWS-compatible endpoint, until SIGINT or SIGTERM.",
        discussion: """
            Without --database-url Warden starts its own PostgreSQL cluster in the data directory (the system's \
            initdb and pg_ctl, on a Unix socket, no TCP port) and stops it on shutdown.

            Secrets are read from the environment only: WARDEN_MASTER_KEY (base64, 32 bytes; default: \
            <data-dir>/master.key, created with mode 0600) protects access-key secrets at rest and session tokens; \
            WARDEN_ROOT_SECRET_ACCESS_KEY sets the first account's root secret together with \
            WARDEN_ROOT_ACCESS_KEY_ID.
            """
    )

    @Option(name: .customLong("hostname"), help: "Address to listen on. [env: WARDEN_HOSTNAME] (default: 127.0.0.1)")
    var hostname: String?

    @Option(name: .customLong("port"), help: "Port to listen on. [env: WARDEN_PORT] (default: 9400)")
    var port: Int?

    @Option(name: .customLong("account-id"), help: "First start only: the 12-digit id of the account created in an empty database. [env: WARDEN_ACCOUNT_ID] (default: random)")
    var accountID: String?

    @Option(name: .customLong("root-access-key-id"), help: "First start only: the root access key id; its secret comes from WARDEN_ROOT_SECRET_ACCESS_KEY, never a flag. [env: WARDEN_ROOT_ACCESS_KEY_ID] (default: generated, written to <data-dir>/root-credentials)")
    var rootAccessKeyID: String?

    @Option(
        name: .customLong("audit-retention-days"),
        help: "Days of audit events kept; older days are dropped whole. 0 keeps every event. [env: WARDEN_AUDIT_RETENTION_DAYS] (default: 365)")
    var auditRetentionDays: Int?

    @Option(name: .customLong("log-format"), help: "text, or json: one JSON object a line. [env: WARDEN_LOG_FORMAT] (default: text)")
    var logFormat: String?

    @Option(
        name: .customLong("identity-provider-ca-file"),
        help: "A PEM file of CA certificates trusted, beside the system's, when fetching an OpenID Connect issuer's keys; repeatable. [env: WARDEN_IDENTITY_PROVIDER_CA_FILE]")
    var identityProviderCAFiles: [String] = []

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let environment = database.environment
        let portText = environment["WARDEN_PORT"]
        guard let port = port ?? (portText.map { Int($0) } ?? ServerConfiguration.defaultPort), (0...65535).contains(port) else {
            throw ValidationError("--port / WARDEN_PORT must be a number from 0 to 65535")
        }
        let retentionText = environment["WARDEN_AUDIT_RETENTION_DAYS"]
        guard let retention = auditRetentionDays ?? (retentionText.map { Int($0) } ?? ServerConfiguration.defaultAuditRetentionDays), retention >= 0
        else {
            throw ValidationError("--audit-retention-days / WARDEN_AUDIT_RETENTION_DAYS must be a whole number of days, 0 or more")
        }
        var configuration = ServerConfiguration(
            hostname: hostname ?? environment["WARDEN_HOSTNAME"] ?? ServerConfiguration.defaultHostname,
            port: port,
            dataDirectory: database.resolvedDataDirectory(),
            database: try database.resolvedDatabase(),
            logLevel: try database.resolvedLogLevel(),
            migrationsDirectory: (database.migrationsDirectory ?? database.environment["WARDEN_MIGRATIONS_DIR"]).map { URL(fileURLWithPath: $0) },
            masterKeyBase64: environment["WARDEN_MASTER_KEY"],
            openOnlyMasterKeysBase64: environment["WARDEN_OPEN_ONLY_MASTER_KEYS"],
            firstStart: FirstStart.Choices(
                accountID: accountID ?? environment["WARDEN_ACCOUNT_ID"].nonEmpty,
                rootAccessKeyID: rootAccessKeyID ?? environment["WARDEN_ROOT_ACCESS_KEY_ID"].nonEmpty,
                rootSecretAccessKey: environment["WARDEN_ROOT_SECRET_ACCESS_KEY"].nonEmpty
            ),
            auditRetentionDays: retention == 0 ? nil : retention
        )
        configuration.identityProviderTrustRoots = identityProviderCAFiles.isEmpty
            ? environment["WARDEN_IDENTITY_PROVIDER_CA_FILE"].nonEmpty.map { [$0] } ?? [] : identityProviderCAFiles
        for file in configuration.identityProviderTrustRoots where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("--identity-provider-ca-file / WARDEN_IDENTITY_PROVIDER_CA_FILE: cannot read \(file)")
        }
        let formatText = logFormat ?? environment["WARDEN_LOG_FORMAT"] ?? LogFormat.text.rawValue
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ValidationError("--log-format / WARDEN_LOG_FORMAT must be text or json, not '\(formatText)'")
        }
        let logger = Console.logger(level: configuration.logLevel, format: format)
        do {
            try await WardenServer.run(configuration: configuration, logger: logger)
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}

extension Optional where Wrapped == String {
    /// nil for an unset or empty variable.
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
