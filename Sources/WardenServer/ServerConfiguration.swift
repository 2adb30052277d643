public import Foundation
public import Logging
public import WardenServices
public import WardenStore

/// Everything `warden serve` is told: flags first, then `WARDEN_*` environment variables, then defaults.
public struct ServerConfiguration: Sendable {
    /// Where the server's own PostgreSQL is, or that it runs the embedded one.
    public enum Database: Sendable, Equatable {
        /// A private cluster in the data directory (the default).
        case embedded
        /// An existing server (`--database-url`, `DATABASE_URL`): the production path.
        case external(DatabaseEndpoint)
    }

    public static let defaultHostname = "127.0.0.1"
    public static let defaultPort = 9400
    public static let defaultDataDirectory = "./.warden"

    public var hostname: String
    public var port: Int
    public var dataDirectory: URL
    public var database: Database
    public var logLevel: Logger.Level
    /// Where the migrations are; nil: the build's checkout when present, else those embedded in the binary.
    public var migrationsDirectory: URL?
    /// `WARDEN_MASTER_KEY`; without it the key lives in `<data-dir>/master.key`.
    public var masterKeyBase64: String?
    /// `WARDEN_OPEN_ONLY_MASTER_KEYS`: keys that open but never seal, during a master-key rotation.
    public var openOnlyMasterKeysBase64: String?
    /// What the first start of an empty database creates.
    public var firstStart: FirstStart.Choices
    /// The largest request body accepted (413 beyond).
    public var maximumBodySize: Int
    /// How long a graceful shutdown may take (in-flight requests, the last access-key flush) before what is
    /// left is cancelled.
    public var shutdownGracePeriod: Duration
    /// How many days of audit events are kept: older days' partitions are dropped whole. Nil keeps every event.
    public var auditRetentionDays: Int?
    /// Set for `warden emulate`: unknown keys act as the first account's root and the reset endpoints answer.
    /// Its account and root key replace ``firstStart``.
    public var emulator: EmulatorSettings?
    /// Whether the embedded cluster syncs its writes (an emulator's throwaway cluster does not).
    public var embeddedDurability: EmbeddedPostgres.Durability
    /// Where the embedded cluster's `initdb` output is kept for the next new cluster to copy; nil: none kept.
    public var embeddedTemplateDirectory: URL?
    /// PEM files of CA certificates trusted, beside the system's, for the TLS of OpenID Connect issuers
    /// (`AssumeRoleWithWebIdentity` fetches their keys): an identity provider inside the organization.
    public var identityProviderTrustRoots: [String] = []

    public init(
        hostname: String = Self.defaultHostname,
        port: Int = Self.defaultPort,
        dataDirectory: URL = URL(fileURLWithPath: Self.defaultDataDirectory),
        database: Database = .embedded,
        logLevel: Logger.Level = .info,
        migrationsDirectory: URL? = nil,
        masterKeyBase64: String? = nil,
        openOnlyMasterKeysBase64: String? = nil,
        firstStart: FirstStart.Choices = .init(),
        maximumBodySize: Int = 1 << 20,
        shutdownGracePeriod: Duration = .seconds(30),
        auditRetentionDays: Int? = Self.defaultAuditRetentionDays,
        emulator: EmulatorSettings? = nil,
        embeddedDurability: EmbeddedPostgres.Durability = .durable,
        embeddedTemplateDirectory: URL? = nil
    ) {
        self.hostname = hostname
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database
        self.logLevel = logLevel
        self.migrationsDirectory = migrationsDirectory
        self.masterKeyBase64 = masterKeyBase64
        self.openOnlyMasterKeysBase64 = openOnlyMasterKeysBase64
        self.firstStart = firstStart
        self.maximumBodySize = maximumBodySize
        self.shutdownGracePeriod = shutdownGracePeriod
        self.auditRetentionDays = auditRetentionDays
        self.emulator = emulator
        self.embeddedDurability = embeddedDurability
        self.embeddedTemplateDirectory = embeddedTemplateDirectory
        if let emulator { self.firstStart = emulator.firstStart }
    }

    /// A year of audit events, what most compliance regimes ask for.
    public static let defaultAuditRetentionDays = 365
}
