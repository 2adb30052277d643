import Crypto
import Foundation

/// The server's 256-bit master key, from which secrets at rest and session tokens are protected.
///
/// Configured as base64 text (`WARDEN_MASTER_KEY`), or generated on first start and stored by
/// the operator. `description` never shows the key.
public struct MasterKey: Sendable, CustomStringConvertible {
    /// The key material.
    let key: SymmetricKey
    /// Keys that still open what was sealed under them but never seal: the other key of a master-key rotation
    /// (see ``opening(also:)``).
    public private(set) var openOnly: [MasterKey] = []

    /// Errors reading a master key.
    public enum Error: Swift.Error, Sendable, Equatable {
        /// Not base64, or not 32 bytes once decoded.
        case invalid
    }

    /// Reads a key from base64 text (surrounding whitespace ignored).
    public init(base64: String) throws(MasterKey.Error) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw .invalid
        }
        self.key = SymmetricKey(data: data)
    }

    init(key: SymmetricKey) { self.key = key }

    /// A new random key.
    public static func generate() -> MasterKey { MasterKey(key: SymmetricKey(size: .bits256)) }

    /// The key as base64 text, for the operator to store.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// This key, also opening what was sealed under `keys` (a rotation's old key, or its new one before any
    /// replica seals under it). Sealing stays with this key.
    public func opening(also keys: [MasterKey]) -> MasterKey {
        var copy = self
        copy.openOnly = keys.filter { $0.id != id }.map { MasterKey(key: $0.key) }
        return copy
    }

    /// This key and then the open-only ones: the keys a sealed value is tried under.
    var openingKeys: [MasterKey] { [MasterKey(key: key)] + openOnly }

    /// The key's id, stored with what it seals so a value names its key: 8 bytes derived one-way from the key.
    var idBytes: [UInt8] {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("warden/master-key-id".utf8), outputByteCount: 8)
            .withUnsafeBytes { Array($0) }
    }

    /// The key's id in hex (`warden keys rotate-master` reports what is sealed under which key); reveals nothing of the key.
    public var id: String { idBytes.map { String(format: "%02x", $0) }.joined() }

    /// A subkey for one purpose, so no two uses share key material (HKDF-SHA256).
    func derive(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array(("warden/" + purpose).utf8), outputByteCount: 32)
    }

    public var description: String { "MasterKey(redacted)" }
}
