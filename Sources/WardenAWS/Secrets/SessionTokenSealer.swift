import Crypto
public import Foundation

/// Issues and opens STS session tokens, and derives temporary secrets, with no database write.
///
/// The token is `base64(version ‖ AES-256-GCM(JSON(claims)))` under a key derived from the
/// master key, authenticated so any change is detected. The secret of the temporary access key
/// is `HMAC-SHA256(secretKey, accessKeyID)` shown as 40 base64 characters, so the server can
/// recompute it from the access key id alone when verifying SigV4.
public struct SessionTokenSealer: Sendable {
    private let tokenKey: SymmetricKey
    private let secretKey: SymmetricKey
    static let version: UInt8 = 1
    static let associatedData = Array("warden-session-token/v1".utf8)

    /// Creates a sealer under the master key.
    public init(masterKey: MasterKey) {
        self.tokenKey = masterKey.derive("session-token/v1")
        self.secretKey = masterKey.derive("session-secret/v1")
    }

    /// The secret access key of a temporary access key id (40 characters, base64 alphabet).
    public func secretAccessKey(for accessKeyID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(accessKeyID.utf8), using: secretKey)
        return Data(Array(mac).prefix(30)).base64EncodedString()
    }

    /// Seals claims into a session token.
    public func issue(_ claims: SessionClaims) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let plain = try! encoder.encode(claims)  // plain data: encoding cannot fail
        let box = try! AES.GCM.seal(plain, using: tokenKey, authenticating: Self.associatedData)
        return Data([Self.version] + Array(box.combined!)).base64EncodedString()
    }

    /// Opens a token presented with `accessKeyID` at time `now`.
    /// - Throws: `InvalidClientTokenId` for anything that does not open or belongs to another
    ///   access key; `ExpiredToken` once `expiresAt` has passed.
    public func open(_ token: String, accessKeyID: String, now: Date) throws(AWSServiceError) -> SessionClaims {
        guard let data = Data(base64Encoded: token), data.count > 1 + 12 + 16, data.first == Self.version else {
            throw .invalidClientTokenId
        }
        let claims: SessionClaims
        do {
            let box = try AES.GCM.SealedBox(combined: data.dropFirst())
            let plain = try AES.GCM.open(box, using: tokenKey, authenticating: Self.associatedData)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            claims = try decoder.decode(SessionClaims.self, from: plain)
        } catch {
            throw .invalidClientTokenId
        }
        guard ConstantTime.equals(claims.accessKeyID.utf8, accessKeyID.utf8) else { throw .invalidClientTokenId }
        guard now < claims.expiresAt else { throw .expiredToken }
        return claims
    }
}
