public import Foundation

/// What a SigV4-signed request claims, parsed before the secret is known.
///
/// Signature verification is two-phase because the secret lives in the database: parse the
/// request into a `SigV4Credential`, look up the secret for `accessKeyID`, then hand both to
/// ``SigV4Verifier/verify(_:request:secretAccessKey:)``.
public struct SigV4Credential: Sendable, Hashable {
    /// How the signature was carried.
    public enum Form: Sendable, Hashable {
        /// `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
        case authorizationHeader
        /// Presigned URL (`X-Amz-Signature` and friends in the query), valid for `expires` seconds.
        case presignedQuery(expires: Int)
    }

    /// The access key id (`AKIA…` long-term, `ASIA…` temporary).
    public var accessKeyID: String
    /// The credential scope the client signed for.
    public var scope: CredentialScope
    /// Lowercase names of the signed headers, in the order the client listed them.
    public var signedHeaders: [String]
    /// The signature as sent (expected: 64 lowercase hex digits).
    public var signature: String
    /// `X-Amz-Security-Token`, present for temporary credentials; the caller opens it.
    public var securityToken: String?
    /// When the client says it signed the request.
    public var requestDate: Date
    /// The request date in SigV4's basic format, as it enters the string to sign.
    public var amzDate: String
    /// Header or presigned form.
    public var form: Form

    /// Creates a credential (normally done by ``SigV4/parse(_:now:)``).
    public init(
        accessKeyID: String, scope: CredentialScope, signedHeaders: [String], signature: String, securityToken: String?,
        requestDate: Date, amzDate: String, form: Form
    ) {
        self.accessKeyID = accessKeyID
        self.scope = scope
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.securityToken = securityToken
        self.requestDate = requestDate
        self.amzDate = amzDate
        self.form = form
    }
}

/// A SigV4 credential scope, `20150830/us-east-1/iam/aws4_request`.
public struct CredentialScope: Sendable, Hashable {
    /// `YYYYMMDD`.
    public var date: String
    /// The region, e.g. `us-east-1`.
    public var region: String
    /// The signing service, e.g. `iam`, `sts`, `organizations`.
    public var service: String

    /// Creates a scope.
    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    /// `date/region/service/aws4_request`.
    public var string: String { "\(date)/\(region)/\(service)/aws4_request" }
}

extension SigV4Credential {
    /// The credential of a request AWS answers unsigned (`AssumeRoleWithWebIdentity`): no key, no signature,
    /// the scope the server gives it, dated `date`.
    public static func unsigned(service: String, region: String, at date: Date) -> SigV4Credential {
        let amzDate = AWSTimestamp.amzDate(date)
        return SigV4Credential(
            accessKeyID: "", scope: CredentialScope(date: String(amzDate.prefix(8)), region: region, service: service), signedHeaders: [],
            signature: "", securityToken: nil, requestDate: date, amzDate: amzDate, form: .authorizationHeader)
    }
}
