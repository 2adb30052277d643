import Foundation
import JWTKit
import Logging
import PostgresNIO
import WardenAWS
import WardenShapes
import WardenStore

/// Authenticates the bearer of an OpenID Connect ID token for `AssumeRoleWithWebIdentity`, as STS does: the
/// token's issuer must be a provider of the role's account, its signature must verify against a key the
/// issuer publishes, it must not be expired or not yet valid, one of its audiences must be one of the
/// provider's client ids, and it must name a subject.
///
/// The signature is checked before any claim is reported on, so an unauthenticated caller learns nothing of
/// the provider's configuration from a forged token.
struct WebIdentityVerifier: Sendable {
    let client: PostgresClient
    let keys: IdentityProviderKeys
    /// How far `nbf` and `iat` may lie in the future (clocks differ).
    static let clockSkew: TimeInterval = 300

    init(client: PostgresClient, keys: IdentityProviderKeys) {
        self.client = client
        self.keys = keys
    }

    /// The identity `token` proves, for a role of `accountID`. `attribution` names the account once the token's
    /// issuer is known to be one of its providers: a refusal past that point is recorded in that account's trail.
    /// - Throws: `InvalidIdentityToken`, `ExpiredTokenException` or `IDPRejectedClaim`, worded as AWS words them.
    func verify(
        token: String, accountID: String, now: Date, logger: Logger, attribution: inout Authenticator.Attribution
    ) async throws -> WebIdentity {
        let header: JWTHeader
        let unverified: WebIdentityClaims
        do {
            (header, unverified, _) = try DefaultJWTParser().parse([UInt8](token.utf8), as: WebIdentityClaims.self)
        } catch {
            throw STS.Errors.invalidIdentityToken("The web identity token is not a well-formed JSON Web Token (JWS compact serialization).")
        }
        guard let issuer = unverified.issuer, issuer.lowercased().hasPrefix("https://"), issuer.utf8.count > 8 else {
            throw STS.Errors.invalidIdentityToken("The web identity token has no https issuer (iss).")
        }
        var providerURL = String(issuer.dropFirst("https://".count))
        if providerURL.hasSuffix("/") { providerURL.removeLast() }
        let provider = try await OpenIDConnectProviderRepository(
            transaction: StoreTransaction(autocommit: client, logger: logger), accountID: accountID
        ).withURL(providerURL)
        guard let provider else {
            throw STS.Errors.invalidIdentityToken("No OpenIDConnect provider found in your account for \(issuer)")
        }
        attribution.accountID = accountID
        let collection = try await keys.keys(issuer: issuer, keyID: header.kid, now: now, logger: logger)
        let claims: WebIdentityClaims
        do {
            claims = try await collection.verify(token, as: WebIdentityClaims.self)
        } catch {
            logger.debug("web identity token refused", metadata: ["warden.issuer": "\(issuer)", "warden.error": "\(String(describing: error))"])
            throw STS.Errors.invalidIdentityToken(
                "The web identity token's signature does not verify against any key \(issuer) publishes (kid \(header.kid ?? "none")).")
        }
        guard let expiration = claims.expiration else {
            throw STS.Errors.invalidIdentityToken("The web identity token has no expiration time (exp).")
        }
        guard now < expiration else {
            throw STS.Errors.expiredTokenException(
                "Token expired: current date/time \(Int(now.timeIntervalSince1970)) must be before the expiration date/time \(Int(expiration.timeIntervalSince1970))")
        }
        if let notBefore = claims.notBefore, notBefore.timeIntervalSince(now) > Self.clockSkew {
            throw STS.Errors.idpRejectedClaim("The web identity token is not valid before \(Int(notBefore.timeIntervalSince1970)) (nbf).")
        }
        if let issuedAt = claims.issuedAt, issuedAt.timeIntervalSince(now) > Self.clockSkew {
            throw STS.Errors.idpRejectedClaim("The web identity token was issued in the future (iat \(Int(issuedAt.timeIntervalSince1970))).")
        }
        let audiences = claims.audience?.value ?? []
        let clientIDs = Set(provider.clientIDs)
        let audience: String
        if let party = claims.authorizedParty, clientIDs.contains(party) {
            audience = party
        } else if let accepted = audiences.first(where: clientIDs.contains) {
            audience = accepted
        } else {
            throw STS.Errors.invalidIdentityToken("Incorrect token audience")
        }
        guard let subject = claims.subject, !subject.isEmpty else {
            throw STS.Errors.invalidIdentityToken("The web identity token has no subject (sub).")
        }
        return WebIdentity(
            providerURL: providerURL, providerARN: ARNBuilder(accountID: accountID).oidcProvider(url: providerURL), issuer: issuer,
            subject: subject, audience: audience, audiences: audiences, authenticationMethods: claims.authenticationMethods)
    }
}
