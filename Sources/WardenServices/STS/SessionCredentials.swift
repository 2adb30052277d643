import Foundation
import WardenAWS
import WardenShapes

/// Temporary credentials as STS issues them: an `ASIA…` key id that encodes its account the way AWS's
/// do (so `GetAccessKeyInfo` answers for any key), the secret derived from it, and the sealed claims as
/// the session token. Nothing is written: the token carries the session.
enum SessionCredentials {
    /// A new temporary access key id of `accountID`: `ASIA` + base32 of 10 random bytes whose first six
    /// carry the account id in bits 7…46, AWS's layout.
    static func newAccessKeyID(account accountID: String) -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<10).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let account = UInt64(accountID) ?? 0
        let head = (UInt64(bytes[0] & 0x80) << 40) | (account << 7) | UInt64(bytes[5] & 0x7F)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: head >> UInt64(8 * (5 - index))) }
        return "ASIA" + Base32.encode(bytes)
    }

    /// The account an access key id encodes (AWS's layout, for `AKIA`/`ASIA` ids issued since 2019), or nil.
    static func account(encodedIn accessKeyID: String) -> String? {
        guard accessKeyID.utf8.count >= 20, let bytes = Base32.decode(String(accessKeyID.dropFirst(4).prefix(16))), bytes.count >= 6
        else { return nil }
        let head = bytes.prefix(6).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        let account = (head & 0x7FFF_FFFF_FF80) >> 7
        guard account < 1_000_000_000_000 else { return nil }
        let digits = String(account)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// Seals `claims` (whose access key id must be new) under the current session key and returns the
    /// credentials a client gets.
    static func issue(_ claims: SessionClaims, _ call: OperationContext) async throws -> STS.Credentials {
        var claims = claims
        if claims.nonce == nil { claims.nonce = SessionClaims.newNonce() }
        let sessions = call.environment.sessions
        let keyID = try await SessionKeys.current(call)
        return STS.Credentials(
            accessKeyId: claims.accessKeyID, secretAccessKey: try sessions.secretAccessKey(for: claims, keyID: keyID),
            sessionToken: try sessions.issue(claims, keyID: keyID), expiration: claims.expiresAt)
    }

    /// What a `GetSessionToken` session may not do, as in AWS: without MFA it cannot call IAM at all (AWS
    /// answers `InvalidClientTokenId`), and no such session calls STS beyond `AssumeRole`,
    /// `GetCallerIdentity` (and `sts:TagSession`/`sts:SetSourceIdentity`, which `AssumeRole` needs).
    ///
    /// A `GetFederationToken` session calls no IAM operation and no STS operation but `GetCallerIdentity`
    /// (which needs no permission, so never comes here): `AccessDenied`.
    static func checkScope(of caller: Caller, action: String) throws {
        guard let session = caller.session, session.roleARN == nil else { return }
        let lowered = action.lowercased()
        if session.federatedName != nil {
            if lowered.hasPrefix("iam:") || lowered.hasPrefix("sts:") {
                throw AWSServiceError.accessDenied("Cannot call \(action.dropFirst(4)) with session credentials")
            }
            return
        }
        if lowered.hasPrefix("iam:"), !session.mfaAuthenticated { throw AWSServiceError.invalidClientTokenId }
        if lowered.hasPrefix("sts:"), !["sts:assumerole", "sts:tagsession", "sts:setsourceidentity"].contains(lowered) {
            throw AWSServiceError.accessDenied("Cannot call \(action.dropFirst(4)) with session credentials")
        }
    }
}
