import ArgumentParser
import Foundation
import Logging
import WardenAWS
import WardenServer
import WardenStore

/// Options `serve` and `migrate` share. Each resolves as: the flag, then its `WARDEN_*` variable, then the default.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory: the embedded PostgreSQL cluster and key files. [env: WARDEN_DATA_DIR] (default: ./.warden)")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "Use this PostgreSQL server instead of the embedded one, e.g. postgres://warden:secret@db:5432/warden?sslmode=require. [env: DATABASE_URL]")
    var databaseURL: String?

    @Option(name: .customLong("migrations-dir"), help: "Directory of NNNN_name.sql migrations. [env: WARDEN_MIGRATIONS_DIR] (default: the build's source checkout when present, else the migrations embedded in the binary)")
    var migrationsDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. [env: WARDEN_LOG_LEVEL] (default: info)")
    var logLevel: String?

    /// The process environment, with empty variables treated as unset.
    var environment: [String: String] { ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty } }

    func resolvedLogLevel() throws -> Logger.Level {
        let text = logLevel ?? environment["WARDEN_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("--log-level '\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }

    func resolvedDatabase() throws -> ServerConfiguration.Database {
        guard let url = databaseURL ?? environment["DATABASE_URL"], !url.isEmpty else { return .embedded }
        do {
            return .external(try DatabaseEndpoint(url: url))
        } catch {
            throw ValidationError("--database-url: \(error.reason)")
        }
    }

    func resolvedDataDirectory() -> URL {
        URL(fileURLWithPath: dataDirectory ?? environment["WARDEN_DATA_DIR"] ?? ServerConfiguration.defaultDataDirectory)
    }

    /// The server's master key, for commands that seal or open what it stores: `WARDEN_MASTER_KEY`, else the
    /// data directory's `master.key` — never a new one.
    func resolvedMasterKey() throws -> MasterKey {
        guard let key = try configuredMasterKey() else {
            throw ConfigurationError("no master key: set WARDEN_MASTER_KEY or use the data directory of the server (--data-dir)")
        }
        return key
    }

    /// The master key when one is configured (`WARDEN_MASTER_KEY` or the data directory's `master.key`), nil
    /// when none is; a configured key that cannot be read throws.
    func configuredMasterKey() throws -> MasterKey? {
        let dataDirectory = resolvedDataDirectory()
        let environmentKey = environment["WARDEN_MASTER_KEY"]
        guard environmentKey != nil || FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("master.key").path) else {
            return nil
        }
        return try MasterKeyFile.load(environmentValue: environmentKey, openOnlyValue: environment["WARDEN_OPEN_ONLY_MASTER_KEYS"], dataDirectory: dataDirectory)
    }

    /// Runs `body` against the database a command works on: `--database-url`, else the embedded cluster — the
    /// running server's when there is one (left running), else started for `body` and stopped after it.
    func withDatabase<Result: Sendable>(logger: Logger, _ body: (DatabaseEndpoint) async throws -> Result) async throws -> Result {
        switch try resolvedDatabase() {
        case .external(let endpoint):
            return try await body(endpoint)
        case .embedded:
            let embedded = EmbeddedPostgres(dataDirectory: resolvedDataDirectory(), logger: logger)
            if embedded.isRunning { return try await body(embedded.endpoint()) }
            return try await embedded.withRunning { endpoint in try await body(endpoint) }
        }
    }

    func resolvedMigrations() throws -> [Migration] {
        try Migration.resolve(directory: migrationsDirectory.map { URL(fileURLWithPath: $0) }, environment: environment)
    }
}

/// How log lines are written: text for a terminal, JSON (one object a line) for a log collector.
enum LogFormat: String {
    case text
    case json
}

enum Console {
    /// Sets up logging to standard error at `level` in `format` and returns the command's logger.
    static func logger(level: Logger.Level, format: LogFormat = .text) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "warden")
        logger.logLevel = level
        return logger
    }
}
