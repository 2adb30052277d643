import Crypto
import Foundation

/// Encrypts access-key secrets at rest with AES-256-GCM.
///
/// SigV4 needs the secret itself, so it cannot be hashed; it is sealed under a key derived
/// from the master key, with its ``SecretBinding`` (access key id, account, owner) as
/// authenticated data: a sealed secret copied onto another key's row, or a row whose account or
/// owner was rewritten (say, a user's key turned into a root key), fails to open.
public struct SecretSealer: Sendable {
    /// A derived sealing key and the id of the master key it comes from.
    struct SealingKey: Sendable {
        let masterKeyID: [UInt8]
        let key: SymmetricKey
    }

    /// Seals, and opens first.
    private let current: SealingKey
    /// Open only: the master key's open-only keys during a rotation.
    private let openOnly: [SealingKey]

    /// Errors opening a sealed secret.
    public enum Error: Swift.Error, Sendable, Equatable {
        /// Wrong master key, wrong access key id, or altered bytes.
        case cannotOpen
    }

    /// `W`, format 2: the bytes that open a sealed value naming its master key.
    static let format: [UInt8] = [0x57, 0x02]
    static let headerCount = format.count + 8

    /// Creates a sealer that seals under the master key and opens under it and its open-only keys.
    public init(masterKey: MasterKey) {
        let keys = masterKey.openingKeys.map { SealingKey(masterKeyID: $0.idBytes, key: $0.derive("access-key-secret/v1")) }
        self.current = keys[0]
        self.openOnly = Array(keys.dropFirst())
    }

    /// Seals a secret for an access key: `W 2 ‖ master key id ‖ nonce ‖ ciphertext ‖ tag` (10 + 12 + n + 16 bytes).
    public func seal(_ secret: String, binding: SecretBinding) -> [UInt8] {
        // AES.GCM.seal only throws for invalid nonces/keys, which cannot happen here.
        let box = try! AES.GCM.seal(Array(secret.utf8), using: current.key, authenticating: binding.authenticatedData)
        return Self.format + current.masterKeyID + Array(box.combined!)
    }

    /// Opens a sealed secret; it opens only under the binding it was sealed with.
    ///
    /// A value naming its master key is opened under that key first; a value sealed before values named their
    /// key (`nonce ‖ ciphertext ‖ tag`) is tried under each key.
    public func open(_ sealed: [UInt8], binding: SecretBinding) throws(SecretSealer.Error) -> String {
        // The common case, on every authentication: sealed under the current key, opened without allocating.
        if sealed.count >= Self.headerCount + 12 + 16, sealed.starts(with: Self.format),
            sealed[Self.format.count..<Self.headerCount].elementsEqual(current.masterKeyID),
            let text = Self.open(sealed.dropFirst(Self.headerCount), under: current.key, binding: binding)
        {
            return text
        }
        let keys = [current] + openOnly
        if let masterKeyID = Self.masterKeyIDBytes(of: sealed) {
            // The named key first; the others too, so a rewritten id costs a try, not the value.
            let named = keys.filter { $0.masterKeyID == masterKeyID } + keys.filter { $0.masterKeyID != masterKeyID }
            for candidate in named {
                if let text = Self.open(sealed.dropFirst(Self.headerCount), under: candidate.key, binding: binding) { return text }
            }
        }
        for candidate in keys {
            if let text = Self.open(sealed[...], under: candidate.key, binding: binding) { return text }
        }
        throw .cannotOpen
    }

    /// Whether `sealed` is sealed under this sealer's (current) master key, as a rotation leaves every value.
    public func isSealedUnderCurrentKey(_ sealed: [UInt8]) -> Bool {
        Self.masterKeyIDBytes(of: sealed) == current.masterKeyID
    }

    /// The id of the master key a sealed value names (``MasterKey/id``), nil for a value from before ids.
    public static func masterKeyID(of sealed: [UInt8]) -> String? {
        masterKeyIDBytes(of: sealed).map { $0.map { String(format: "%02x", $0) }.joined() }
    }

    static func masterKeyIDBytes(of sealed: [UInt8]) -> [UInt8]? {
        guard sealed.count >= headerCount + 12 + 16, sealed.starts(with: format) else { return nil }
        return Array(sealed[format.count..<headerCount])
    }

    static func open(_ bytes: ArraySlice<UInt8>, under key: SymmetricKey, binding: SecretBinding) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = try? AES.GCM.open(box, using: key, authenticating: binding.authenticatedData)
        else { return nil }
        return String(validating: plain, as: UTF8.self)
    }
}

/// What a sealed secret belongs to: its access key, that key's account, and its owner (an IAM user's
/// unique id, or nil for the account's root user).
public struct SecretBinding: Sendable, Hashable {
    public let accessKeyID: String
    public let accountID: String
    public let userID: String?

    public init(accessKeyID: String, accountID: String, userID: String?) {
        self.accessKeyID = accessKeyID
        self.accountID = accountID
        self.userID = userID
    }

    var authenticatedData: [UInt8] { Array("v1|\(accessKeyID)|\(accountID)|\(userID ?? "root")".utf8) }
}
