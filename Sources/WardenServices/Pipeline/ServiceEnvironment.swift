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
    /// Compiled policies, shared by every call.
    public let compiledPolicies: CompiledPolicyCache
    /// The policy sets of recent principals, kept consistent by ``PolicyChangeListener``.
    public let principalPolicies: PrincipalPolicyCache
    /// Where the record of every call goes.
    public let audit: any AuditSink
    /// Access-key use, recorded in memory and written in batches.
    public let accessKeyUsage: AccessKeyUsageRecorder
    public let clock: @Sendable () -> Date

    public init(
        client: PostgresClient, masterKey: MasterKey, audit: any AuditSink = LoggingAuditSink(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.secrets = SecretSealer(masterKey: masterKey)
        self.sessions = SessionTokenSealer(masterKey: masterKey)
        self.compiledPolicies = CompiledPolicyCache()
        self.principalPolicies = PrincipalPolicyCache()
        self.audit = audit
        self.accessKeyUsage = AccessKeyUsageRecorder(client: client)
        self.clock = clock
    }
}
