import Foundation
import JWTKit

/// The claims of an OpenID Connect ID token that `AssumeRoleWithWebIdentity` reads. jwt-kit checks the
/// signature only (``verify(using:)`` accepts every payload): each claim is then checked by
/// ``WebIdentityVerifier`` so that each failure gets AWS's own error.
struct WebIdentityClaims: JWTPayload {
    var issuer: String?
    var subject: String?
    var audience: AudienceClaim?
    var authorizedParty: String?
    var expiration: Date?
    var notBefore: Date?
    var issuedAt: Date?
    var authenticationMethods: [String]

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case subject = "sub"
        case audience = "aud"
        case authorizedParty = "azp"
        case expiration = "exp"
        case notBefore = "nbf"
        case issuedAt = "iat"
        case authenticationMethods = "amr"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        audience = try container.decodeIfPresent(AudienceClaim.self, forKey: .audience)
        authorizedParty = try container.decodeIfPresent(String.self, forKey: .authorizedParty)
        expiration = try Self.seconds(container, .expiration)
        notBefore = try Self.seconds(container, .notBefore)
        issuedAt = try Self.seconds(container, .issuedAt)
        if let many = try? container.decodeIfPresent([String].self, forKey: .authenticationMethods) {
            authenticationMethods = many
        } else {
            authenticationMethods = try container.decodeIfPresent(String.self, forKey: .authenticationMethods).map { [$0] } ?? []
        }
    }

    /// A NumericDate (seconds since the epoch, possibly fractional), as RFC 7519 defines it.
    private static func seconds(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        try container.decodeIfPresent(Double.self, forKey: key).map { Date(timeIntervalSince1970: $0) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(issuer, forKey: .issuer)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(audience, forKey: .audience)
        try container.encodeIfPresent(authorizedParty, forKey: .authorizedParty)
        try container.encodeIfPresent(expiration?.timeIntervalSince1970, forKey: .expiration)
        try container.encodeIfPresent(notBefore?.timeIntervalSince1970, forKey: .notBefore)
        try container.encodeIfPresent(issuedAt?.timeIntervalSince1970, forKey: .issuedAt)
        if !authenticationMethods.isEmpty { try container.encode(authenticationMethods, forKey: .authenticationMethods) }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
