import Crypto
public import Foundation

/// Client-side SigV4 signing, for tests and test-support code that play the SDK's part.
public struct SigV4Signer: Sendable {
    /// The access key id to sign as.
    public var accessKeyID: String
    /// Its secret.
    public var secretAccessKey: String
    /// The session token for temporary credentials, sent as `X-Amz-Security-Token`.
    public var securityToken: String?
    /// The region of the scope, e.g. `us-east-1`.
    public var region: String
    /// The signing service, e.g. `iam`.
    public var service: String

    /// Headers SDKs leave unsigned because proxies rewrite them.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id"]

    /// Creates a signer.
    public init(accessKeyID: String, secretAccessKey: String, securityToken: String? = nil, region: String, service: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.securityToken = securityToken
        self.region = region
        self.service = service
    }

    private func scope(_ date: Date) -> CredentialScope {
        CredentialScope(date: String(AWSTimestamp.amzDate(date).prefix(8)), region: region, service: service)
    }

    private func signature(_ canonical: [UInt8], amzDate: String, scope: CredentialScope) -> String {
        let stringToSign = SigV4Canonicalizer.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope)
        let key = SigningKeyCache.derive(secret: secretAccessKey, scope: scope)
        return ASCII.hex(HMAC<SHA256>.authenticationCode(for: stringToSign, using: key))
    }

    /// Signs with an `Authorization` header: adds `X-Amz-Date` (unless present),
    /// `X-Amz-Security-Token` (when set) and `Authorization`. Every other header present is signed.
    public func sign(_ request: AWSHTTPRequest, date: Date) -> AWSHTTPRequest {
        var signed = request
        signed.headers.removeAll { $0.name.asciiCaseInsensitiveEquals("Authorization") }
        let amzDate = signed.header("X-Amz-Date") ?? AWSTimestamp.amzDate(date)
        if signed.header("X-Amz-Date") == nil { signed.headers.append(.init(name: "X-Amz-Date", value: amzDate)) }
        if let securityToken, signed.header("X-Amz-Security-Token") == nil {
            signed.headers.append(.init(name: "X-Amz-Security-Token", value: securityToken))
        }
        let names = Set(signed.headers.map { $0.name.lowercased() }).subtracting(Self.unsignedHeaders).sorted()
        let payloadHash = signed.header("X-Amz-Content-Sha256") ?? SigV4Canonicalizer.payloadHash(signed.body)
        let scope = CredentialScope(date: String(amzDate.prefix(8)), region: region, service: service)
        let canonical = SigV4Canonicalizer.canonicalRequest(
            signed, signedHeaders: names, payloadHash: payloadHash,
            pathEncoding: service == "s3" ? .singleEncoded : .normalizedDoubleEncoded, excludeSignatureFromQuery: false)
        let sig = signature(canonical, amzDate: amzDate, scope: scope)
        signed.headers.append(
            .init(
                name: "Authorization",
                value: "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope.string), SignedHeaders=\(names.joined(separator: ";")), Signature=\(sig)"
            ))
        return signed
    }

    /// Presigns: adds the `X-Amz-*` query parameters and `X-Amz-Signature`, signing the headers
    /// named in `signedHeaders` (at least `host`).
    public func presign(_ request: AWSHTTPRequest, date: Date, expires: Int, signedHeaders: [String] = ["host"])
        -> AWSHTTPRequest
    {
        var signed = request
        let amzDate = AWSTimestamp.amzDate(date)
        let scope = scope(date)
        let names = signedHeaders.map { $0.lowercased() }.sorted()
        var params = [
            ("X-Amz-Algorithm", SigV4.algorithm),
            ("X-Amz-Credential", "\(accessKeyID)/\(scope.string)"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", names.joined(separator: ";")),
        ]
        if let securityToken { params.append(("X-Amz-Security-Token", securityToken)) }
        let added = params.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        signed.query = signed.query.isEmpty ? added : signed.query + "&" + added
        let canonical = SigV4Canonicalizer.canonicalRequest(
            signed, signedHeaders: names, payloadHash: SigV4Canonicalizer.payloadHash(signed.body),
            pathEncoding: service == "s3" ? .singleEncoded : .normalizedDoubleEncoded, excludeSignatureFromQuery: true)
        signed.query += "&X-Amz-Signature=" + signature(canonical, amzDate: amzDate, scope: scope)
        return signed
    }
}
