import Crypto
import Foundation

/// Encrypts access-key secrets at rest with AES-256-GCM.
///
/// SigV4 needs the secret itself, so it cannot be hashed; it is sealed under a key derived
/// from the master key, with its ``SecretBinding`` (access key id, account, owner) as
/// authenticated data: a sealed secret copied onto another key's row, or a row whose account or
/// owner was rewritten (say, a user's key turned into a root key), fails to open.
public struct SecretSealer: Sendable {
    private let key: SymmetricKey

    /// Errors opening a sealed secret.
    public enum Error: Swift.Error, Sendable, Equatable {
        /// Wrong master key, wrong access key id, or altered bytes.
        case cannotOpen
    }

    /// Creates a sealer under the master key.
    public init(masterKey: MasterKey) {
        self.key = masterKey.derive("access-key-secret/v1")
    }

    /// Seals a secret for an access key: `nonce ‖ ciphertext ‖ tag` (12 + n + 16 bytes).
    public func seal(_ secret: String, binding: SecretBinding) -> [UInt8] {
        // AES.GCM.seal only throws for invalid nonces/keys, which cannot happen here.
        let box = try! AES.GCM.seal(Array(secret.utf8), using: key, authenticating: binding.authenticatedData)
        return Array(box.combined!)
    }

    /// Opens a sealed secret; it opens only under the binding it was sealed with.
    public func open(_ sealed: [UInt8], binding: SecretBinding) throws(SecretSealer.Error) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: binding.authenticatedData)
            guard let text = String(validating: plain, as: UTF8.self) else { throw Error.cannotOpen }
            return text
        } catch {
            throw .cannotOpen
        }
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
