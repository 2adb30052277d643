public import Logging
public import WardenAWS
public import WardenStore

/// Refuses to start with a master key other than the one the database's secrets were sealed under, so a
/// misconfigured replica fails at start with a clear message instead of failing every request.
public struct MasterKeyCheck: Sendable {
    static let probeBinding = SecretBinding(accessKeyID: "warden-master-key-check", accountID: "", userID: nil)
    static let probeText = "Warden master key check v1"

    public let credentials: CredentialRepository
    public let masterKey: MasterKey

    public init(credentials: CredentialRepository, masterKey: MasterKey) {
        self.credentials = credentials
        self.masterKey = masterKey
    }

    public func run(logger: Logger) async throws {
        let sealer = SecretSealer(masterKey: masterKey)
        let recorded = try await credentials.recordMasterKeyProbe(sealer.seal(Self.probeText, binding: Self.probeBinding), logger: logger)
        guard (try? sealer.open(recorded, binding: Self.probeBinding)) == Self.probeText else {
            throw FirstStartError.masterKeyMismatch
        }
    }
}
