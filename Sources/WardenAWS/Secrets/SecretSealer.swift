import Crypto
import Foundation

/// Encrypts access-key secrets at rest with AES-256-GCM.
///
/// SigV4 needs the secret itself, so it cannot be hashed; it is sealed under a key derived
/// from the master key, with the access key id as authenticated data: a sealed secret copied
/// onto another access key's row fails to open.
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
    public func seal(_ secret: String, accessKeyID: String) -> [UInt8] {
        // AES.GCM.seal only throws for invalid nonces/keys, which cannot happen here.
        let box = try! AES.GCM.seal(Array(secret.utf8), using: key, authenticating: Array(accessKeyID.utf8))
        return Array(box.combined!)
    }

    /// Opens a sealed secret.
    public func open(_ sealed: [UInt8], accessKeyID: String) throws(SecretSealer.Error) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: Array(accessKeyID.utf8))
            guard let text = String(validating: plain, as: UTF8.self) else { throw Error.cannotOpen }
            return text
        } catch {
            throw .cannotOpen
        }
    }
}
