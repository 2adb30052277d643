public import WardenAWS
public import WardenStore

/// Seals every stored secret again under the current master key, in one transaction: access-key secrets,
/// MFA seeds, the master-key probe and the session keys (so live sessions keep working).
///
/// The master key must also open what is sealed under the old key (its open-only keys): servers may keep
/// serving meanwhile, as they open values under either key; the rows are locked while they are resealed.
public struct MasterKeyRotation: Sendable {
    /// What a rotation did.
    public struct Report: Sendable, Equatable {
        /// Values sealed again under the current key.
        public var resealed = 0
        /// Values already sealed under the current key, left as they were.
        public var alreadyCurrent = 0

        public init(resealed: Int = 0, alreadyCurrent: Int = 0) {
            self.resealed = resealed
            self.alreadyCurrent = alreadyCurrent
        }
    }

    public let masterKey: MasterKey

    public init(masterKey: MasterKey) {
        self.masterKey = masterKey
    }

    /// Reseals every value not yet under the current key; throws before changing anything a value no key opens.
    public func run(_ transaction: StoreTransaction) async throws -> Report {
        let secrets = SecretSealer(masterKey: masterKey)
        let sessions = SessionTokenSealer(masterKey: masterKey)
        var report = Report()
        var resealed: [(SealedValue.Owner, [UInt8])] = []
        for value in try await SealedValueRepository.lockAll(transaction) {
            guard let binding = Self.binding(of: value.owner) else {
                // A session key carries no key id: sealed again whatever it was under (a few rows).
                guard case .sessionKey(let keyID) = value.owner, let again = try? sessions.reseal(keyID: keyID, sealed: value.sealed) else {
                    throw MasterKeyRotationError.cannotOpen(value.owner)
                }
                resealed.append((value.owner, again))
                continue
            }
            guard let plain = try? secrets.open(value.sealed, binding: binding) else { throw MasterKeyRotationError.cannotOpen(value.owner) }
            if secrets.isSealedUnderCurrentKey(value.sealed) {
                report.alreadyCurrent += 1
            } else {
                resealed.append((value.owner, secrets.seal(plain, binding: binding)))
            }
        }
        for (owner, sealed) in resealed { try await SealedValueRepository.replace(owner, with: sealed, transaction) }
        report.resealed = resealed.count
        return report
    }

    /// What a secret is bound to when sealed (as the operations that store it bind it); nil for a session key,
    /// which its own sealer binds.
    static func binding(of owner: SealedValue.Owner) -> SecretBinding? {
        switch owner {
        case .accessKeySecret(let accessKeyID, let accountID, let userID):
            SecretBinding(accessKeyID: accessKeyID, accountID: accountID, userID: userID)
        case .mfaSeed(let serialNumber, let accountID):
            SecretBinding(accessKeyID: serialNumber, accountID: accountID, userID: nil)
        case .masterKeyProbe:
            MasterKeyCheck.probeBinding
        case .sessionKey:
            nil
        }
    }
}

/// Why a master-key rotation changed nothing.
public enum MasterKeyRotationError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(SealedValue.Owner)

    public var description: String {
        let what =
            switch self {
            case .cannotOpen(.accessKeySecret(let id, _, _)): "the secret of access key \(id)"
            case .cannotOpen(.mfaSeed(let serial, _)): "the seed of MFA device \(serial)"
            case .cannotOpen(.masterKeyProbe): "the master-key probe"
            case .cannotOpen(.sessionKey(let keyID)): "session key \(keyID)"
            }
        return "\(what) opens under neither the master key nor WARDEN_OPEN_ONLY_MASTER_KEYS: put the key it was sealed under in WARDEN_OPEN_ONLY_MASTER_KEYS; nothing was changed"
    }
}
