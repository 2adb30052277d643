import Crypto
import Foundation

/// Seals the explanation of a denied request into the opaque "encoded authorization failure message"
/// AWS appends to `AccessDenied`, and opens it again for `DecodeAuthorizationMessage`.
///
/// The message can name policies, statements and condition values the caller must not read, so it is
/// AES-256-GCM under a key derived from the master key, bound to the account of the denied request: it
/// opens only for a caller of that account. Shown as base64url without padding.
public struct AuthorizationMessageSealer: Sendable {
    private let key: SymmetricKey
    static let version: UInt8 = 1

    /// Creates a sealer under the master key.
    public init(masterKey: MasterKey) {
        self.key = masterKey.derive("authorization-message/v1")
    }

    /// Seals `message` (the decoded form) for callers of `accountID`.
    public func seal(_ message: [UInt8], accountID: String) -> String {
        let box = try! AES.GCM.seal(message, using: key, authenticating: Self.binding(accountID))  // cannot fail for valid keys
        return Self.base64URL([Self.version] + Array(box.combined!))
    }

    /// The message sealed by ``seal(_:accountID:)``, or nil when `encoded` is not one or belongs to another account.
    public func open(_ encoded: String, accountID: String) -> [UInt8]? {
        guard let data = Self.data(base64URL: encoded), data.count > 1 + 12 + 16, data.first == Self.version,
            let box = try? AES.GCM.SealedBox(combined: data.dropFirst()),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Self.binding(accountID))
        else { return nil }
        return Array(plain)
    }

    static func binding(_ accountID: String) -> [UInt8] { Array("warden-authorization-message/v1|\(accountID)".utf8) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
