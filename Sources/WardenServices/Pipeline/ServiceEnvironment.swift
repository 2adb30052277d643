public import Foundation
public import PostgresNIO
public import WardenAWS

/// The long-lived parts every call shares: the database, the sealers, the policy cache, the audit sink
/// and the clock. Built once per server.
public struct ServiceEnvironment: Sendable {
    public let client: PostgresClient
    /// Seals access-key secrets and MFA seeds under the master key.
    public let secrets: SecretSealer
    /// Seals session tokens.
    public let sessions: SessionTokenSealer
    /// Seals the encoded authorization message of an `AccessDenied` (only when a request is denied).
    public let authorizationMessages: AuthorizationMessageSealer
    /// Compiled policies, shared by every call.
    public let compiledPolicies: CompiledPolicyCache
    /// What authorization reads (policy sets, organization guardrails), kept consistent by ``PolicyChangeListener``.
    public let caches: AuthorizationCaches
    /// Where the record of every call goes.
    public let audit: any AuditSink
    /// Access-key use, recorded in memory and written in batches.
    public let accessKeyUsage: LastUseRecorder<AccessKeyUse>
    /// Role use (sessions issued), recorded in memory and written in batches.
    public let roleUsage: LastUseRecorder<RoleUse>
    public let clock: @Sendable () -> Date
    /// What the server measures of its calls, its caches and its pool.
    public let metrics: WardenMetrics
    /// The signing keys of the OpenID Connect issuers web identities present tokens of.
    public let identityProviderKeys: IdentityProviderKeys

    /// - Parameters:
    ///   - audit: where call records go; by default the persistent trail (``AuditTrail``).
    ///   - metrics: by default nothing is measured (tools, in-process tests); the server passes its registry's.
    ///   - identityProviderKeys: by default, issuers are trusted through the system's CA certificates only.
    public init(
        client: PostgresClient, masterKey: MasterKey, audit: (any AuditSink)? = nil, metrics: WardenMetrics = .disabled,
        identityProviderKeys: IdentityProviderKeys = IdentityProviderKeys(), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.secrets = SecretSealer(masterKey: masterKey)
        self.sessions = SessionTokenSealer(masterKey: masterKey)
        self.authorizationMessages = AuthorizationMessageSealer(masterKey: masterKey)
        self.compiledPolicies = CompiledPolicyCache()
        self.caches = AuthorizationCaches(metrics: metrics)
        self.audit = audit ?? AuditTrail(client: client)
        self.accessKeyUsage = .accessKeys(client: client)
        self.roleUsage = .roles(client: client)
        self.clock = clock
        self.metrics = metrics
        self.identityProviderKeys = identityProviderKeys
    }
}
