import Crypto
public import Foundation
import Synchronization

/// Issues and opens STS session tokens, and derives temporary secrets, with no database write.
///
/// A token is `base64(2 ‖ len ‖ keyID ‖ AES-256-GCM(JSON(claims)))`, sealed under the session key
/// `keyID` and authenticated with it, so any change is detected. Session keys are random, stored sealed
/// under the master key (see ``sealNewKey()``) and installed here by id: the server's key can be rotated
/// while tokens under older keys keep opening until their key is dropped. The secret of a temporary access
/// key is `HMAC-SHA256(key's secret subkey, accessKeyID ‖ nonce)` shown as 40 base64 characters, so the
/// server recomputes it from the token alone when verifying SigV4.
///
/// Tokens of version 1 (sealed under a key derived from the master key itself, secret from the access key
/// id alone) still open: ``issue(_:)`` makes them, for callers without a key store.
public struct SessionTokenSealer: Sendable {
    /// The two subkeys of one session key.
    struct KeyPair: Sendable {
        let token: SymmetricKey
        let secret: SymmetricKey
    }

    /// The installed session keys, shared by every copy of the sealer.
    final class Ring: Sendable {
        let keys = Mutex<[String: KeyPair]>([:])
    }

    private let legacy: KeyPair
    /// Seals session keys for storage (the first), and opens them (any: a master-key rotation's keys).
    private let wrappingKeys: [SymmetricKey]
    private let ring = Ring()

    static let legacyVersion: UInt8 = 1
    static let version: UInt8 = 2
    static let legacyAssociatedData = Array("warden-session-token/v1".utf8)

    /// Errors of session-key handling.
    public enum Error: Swift.Error, Sendable, Equatable {
        /// A stored key that does not open under this master key, or an id that is not a key id.
        case cannotOpenKey
        /// No installed key has this id.
        case unknownKey
    }

    /// Creates a sealer under the master key, with no session key installed yet.
    public init(masterKey: MasterKey) {
        self.legacy = KeyPair(token: masterKey.derive("session-token/v1"), secret: masterKey.derive("session-secret/v1"))
        self.wrappingKeys = masterKey.openingKeys.map { $0.derive("session-token-key/v1") }
    }

    // MARK: Session keys

    /// Whether `keyID` has the shape of a session key id (`k` and 16 lower-case hex digits).
    public static func isKeyID(_ keyID: String) -> Bool {
        keyID.utf8.count == 17 && keyID.utf8.first == UInt8(ascii: "k")
            && keyID.utf8.dropFirst().allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }

    /// A new random session key: its id and its material sealed under the master key, to be stored.
    public func sealNewKey() -> (keyID: String, sealed: [UInt8]) {
        var rng = SystemRandomNumberGenerator()
        let keyID = "k" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        let material = SymmetricKey(size: .bits256)
        let plain = material.withUnsafeBytes { Array($0) }
        return (keyID, wrap(plain, keyID: keyID))
    }

    private func wrap(_ material: [UInt8], keyID: String) -> [UInt8] {
        let box = try! AES.GCM.seal(material, using: wrappingKeys[0], authenticating: Self.keyBinding(keyID))  // cannot fail for valid keys
        return Array(box.combined!)
    }

    /// The stored session key's material, opened under any of the master key's keys.
    private func unwrap(keyID: String, sealed: [UInt8]) throws(SessionTokenSealer.Error) -> [UInt8] {
        guard Self.isKeyID(keyID), let box = try? AES.GCM.SealedBox(combined: sealed) else { throw .cannotOpenKey }
        for wrappingKey in wrappingKeys {
            if let material = try? AES.GCM.open(box, using: wrappingKey, authenticating: Self.keyBinding(keyID)) { return Array(material) }
        }
        throw .cannotOpenKey
    }

    /// A stored session key sealed again under the current master key, for a master-key rotation.
    public func reseal(keyID: String, sealed: [UInt8]) throws(SessionTokenSealer.Error) -> [UInt8] {
        wrap(try unwrap(keyID: keyID, sealed: sealed), keyID: keyID)
    }

    /// Opens a stored session key and installs it, so tokens under it open and ``issue(_:keyID:)`` may use it.
    public func install(keyID: String, sealed: [UInt8]) throws(SessionTokenSealer.Error) {
        let material = SymmetricKey(data: try unwrap(keyID: keyID, sealed: sealed))
        let pair = KeyPair(
            token: HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("warden/session-token/v2".utf8), outputByteCount: 32),
            secret: HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("warden/session-secret/v2".utf8), outputByteCount: 32))
        ring.keys.withLock { $0[keyID] = pair }
    }

    /// Whether the key `keyID` is installed.
    public func knows(_ keyID: String) -> Bool { ring.keys.withLock { $0[keyID] != nil } }

    /// The ids of the installed keys.
    public var installedKeyIDs: Set<String> { ring.keys.withLock { Set($0.keys) } }

    /// Drops installed keys not in `keyIDs` (deleted from the store): their tokens stop opening.
    public func retain(only keyIDs: Set<String>) {
        ring.keys.withLock { keys in keys = keys.filter { keyIDs.contains($0.key) } }
    }

    /// The session key id a token names, or nil for a version-1 token or bytes that are no token.
    public func keyID(of token: String) -> String? {
        guard let data = Data(base64Encoded: token), data.count > 2, data.first == Self.version else { return nil }
        let length = Int(data[data.startIndex + 1])
        guard data.count > 2 + length else { return nil }
        let keyID = String(decoding: data[(data.startIndex + 2)..<(data.startIndex + 2 + length)], as: UTF8.self)
        return Self.isKeyID(keyID) ? keyID : nil
    }

    static func keyBinding(_ keyID: String) -> [UInt8] { Array("warden-session-key/v1|\(keyID)".utf8) }
    static func tokenBinding(_ keyID: String) -> [UInt8] { Array("warden-session-token/v2|\(keyID)".utf8) }

    // MARK: Tokens

    /// Seals claims into a token under the installed session key `keyID`.
    public func issue(_ claims: SessionClaims, keyID: String) throws(SessionTokenSealer.Error) -> String {
        guard let pair = ring.keys.withLock({ $0[keyID] }) else { throw .unknownKey }
        let box = try! AES.GCM.seal(Self.encode(claims), using: pair.token, authenticating: Self.tokenBinding(keyID))
        let id = Array(keyID.utf8)
        return Data([Self.version, UInt8(id.count)] + id + Array(box.combined!)).base64EncodedString()
    }

    /// Seals claims into a version-1 token, under the key derived from the master key itself.
    public func issue(_ claims: SessionClaims) -> String {
        let box = try! AES.GCM.seal(Self.encode(claims), using: legacy.token, authenticating: Self.legacyAssociatedData)
        return Data([Self.legacyVersion] + Array(box.combined!)).base64EncodedString()
    }

    /// The secret access key of a temporary access key id issued in a version-1 token (40 characters).
    public func secretAccessKey(for accessKeyID: String) -> String {
        Self.secret(HMAC<SHA256>.authenticationCode(for: Array(accessKeyID.utf8), using: legacy.secret))
    }

    /// The secret access key of the session `claims`, issued in a token under `keyID` (nil: version 1).
    public func secretAccessKey(for claims: SessionClaims, keyID: String?) throws(SessionTokenSealer.Error) -> String {
        guard let keyID else { return secretAccessKey(for: claims.accessKeyID) }
        guard let pair = ring.keys.withLock({ $0[keyID] }) else { throw .unknownKey }
        let input = Array(claims.accessKeyID.utf8) + [0] + Array((claims.nonce ?? "").utf8)
        return Self.secret(HMAC<SHA256>.authenticationCode(for: input, using: pair.secret))
    }

    static func secret(_ mac: HMAC<SHA256>.MAC) -> String { Data(Array(mac).prefix(30)).base64EncodedString() }

    static func encode(_ claims: SessionClaims) -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try! encoder.encode(claims)  // plain data: encoding cannot fail
    }

    /// Opens a token presented with `accessKeyID` at time `now`.
    /// - Throws: `InvalidClientTokenId` for anything that does not open (a key not installed included) or
    ///   belongs to another access key; `ExpiredToken` once `expiresAt` has passed.
    public func open(_ token: String, accessKeyID: String, now: Date) throws(AWSServiceError) -> SessionClaims {
        try openSession(token, accessKeyID: accessKeyID, now: now).claims
    }

    /// Opens a token as ``open(_:accessKeyID:now:)`` does, with the secret access key of its session.
    public func openSession(_ token: String, accessKeyID: String, now: Date) throws(AWSServiceError) -> (claims: SessionClaims, secret: String) {
        guard let data = Data(base64Encoded: token), data.count > 1 + 12 + 16 else { throw .invalidClientTokenId }
        let keyID: String?
        let pair: KeyPair
        let sealed: Data
        let binding: [UInt8]
        switch data.first {
        case Self.legacyVersion:
            (keyID, pair, sealed, binding) = (nil, legacy, data.dropFirst(), Self.legacyAssociatedData)
        case Self.version:
            guard let id = self.keyID(of: token), let installed = ring.keys.withLock({ $0[id] }) else { throw .invalidClientTokenId }
            (keyID, pair, sealed, binding) = (id, installed, data.dropFirst(2 + id.utf8.count), Self.tokenBinding(id))
        default:
            throw .invalidClientTokenId
        }
        let claims: SessionClaims
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: pair.token, authenticating: binding)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            claims = try decoder.decode(SessionClaims.self, from: plain)
        } catch {
            throw .invalidClientTokenId
        }
        guard ConstantTime.equals(claims.accessKeyID.utf8, accessKeyID.utf8) else { throw .invalidClientTokenId }
        guard now < claims.expiresAt else { throw .expiredToken }
        guard let secret = try? secretAccessKey(for: claims, keyID: keyID) else { throw .invalidClientTokenId }
        return (claims, secret)
    }
}
