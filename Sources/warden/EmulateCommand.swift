import ArgumentParser
import Foundation
import Logging
import WardenServer
import WardenServices
import WardenStore

struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run a throwaway Warden for test suites, in place of moto_server or LocalStack: fake credentials accepted, real enforcement.",
        discussion: """
            The instance keeps its data in a new temporary directory, removed when it stops (SIGINT or SIGTERM); one \
            killed outright is cleaned up by the next start. Its account is 123456789012 with the root key \
            AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (AWS's documented example; \
            WARDEN_ROOT_ACCESS_KEY_ID and WARDEN_ROOT_SECRET_ACCESS_KEY choose another).

            A request signed with an access key Warden never issued (moto's 'testing', LocalStack's 'test', anything) \
            acts as that account's root user: its SigV4 must be well-formed, but without a secret its signature cannot \
            be checked. A key Warden issued (a user's key, an AssumeRole session) is checked and authorized for real: \
            identity policies, permissions boundaries, SCPs, session policies. --strict refuses unknown keys as AWS does.

            POST /moto-api/reset or POST /_warden/reset puts everything back as it was at start.
            """
    )

    @Option(name: .customLong("hostname"), help: "Address to listen on. [env: WARDEN_HOSTNAME] (default: 127.0.0.1)")
    var hostname: String?

    @Option(name: .customLong("port"), help: "Port to listen on. [env: WARDEN_PORT] (default: 5000, moto_server's)")
    var port: Int?

    @Option(name: .customLong("account-id"), help: "The account's 12-digit id. [env: WARDEN_ACCOUNT_ID] (default: 123456789012)")
    var accountID: String?

    @Flag(name: .customLong("strict"), help: "Refuse keys Warden never issued (InvalidClientTokenId), as AWS does. [env: WARDEN_EMULATOR_STRICT=1]")
    var strict = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. [env: WARDEN_LOG_LEVEL] (default: notice)")
    var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }
        let portText = environment["WARDEN_PORT"]
        guard let port = port ?? (portText.map { Int($0) } ?? EmulatorSettings.defaultPort), (0...65535).contains(port) else {
            throw ValidationError("--port / WARDEN_PORT must be a number from 0 to 65535")
        }
        let levelText = logLevel ?? environment["WARDEN_LOG_LEVEL"] ?? "notice"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("--log-level '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let settings = EmulatorSettings(
            accountID: accountID ?? environment["WARDEN_ACCOUNT_ID"] ?? EmulatorSettings.defaultAccountID,
            rootAccessKeyID: environment["WARDEN_ROOT_ACCESS_KEY_ID"] ?? EmulatorSettings.defaultRootAccessKeyID,
            rootSecretAccessKey: environment["WARDEN_ROOT_SECRET_ACCESS_KEY"] ?? EmulatorSettings.defaultRootSecretAccessKey,
            strict: strict || ["1", "true", "yes"].contains(environment["WARDEN_EMULATOR_STRICT"]?.lowercased() ?? "")
        )
        do {
            try settings.firstStart.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        let logger = Console.logger(level: level)
        let directory = try await ThrowawayDataDirectory.make(logger: logger)
        defer { directory.remove() }
        let configuration = ServerConfiguration(
            hostname: hostname ?? environment["WARDEN_HOSTNAME"] ?? ServerConfiguration.defaultHostname,
            port: port,
            dataDirectory: directory.url,
            logLevel: level,
            auditRetentionDays: nil,
            emulator: settings,
            embeddedDurability: .ephemeral,
            embeddedTemplateDirectory: Self.templateDirectory(environment)
        )
        logger.notice(
            "emulating AWS IAM, STS and Organizations",
            metadata: [
                "warden.endpoint": "http://\(configuration.hostname):\(port)", "warden.account_id": "\(settings.account.accountID)",
                "warden.access_key_id": "\(settings.rootAccessKeyID)",
                "warden.unknown_keys": "\(settings.strict ? "refused" : "act as the account's root")",
            ])
        do {
            try await WardenServer.run(configuration: configuration, logger: logger)
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }

    /// `$XDG_CACHE_HOME/warden`, else `~/.cache/warden`: where the initialized cluster the next emulator copies is kept.
    static func templateDirectory(_ environment: [String: String]) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"] { return URL(fileURLWithPath: cache).appendingPathComponent("warden") }
        guard let home = environment["HOME"] else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/warden")
    }
}
