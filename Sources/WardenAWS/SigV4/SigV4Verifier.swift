import Crypto

/// Verifies a parsed SigV4 signature once the caller has looked up the secret.
///
/// ```swift
/// let credential = try SigV4.parse(request, now: .now)
/// let secret = try await store.secret(for: credential.accessKeyID) // else .invalidClientTokenId
/// try verifier.verify(credential, request: request, secretAccessKey: secret)
/// ```
public struct SigV4Verifier: Sendable {
    /// Derived signing keys, shared by every copy of this verifier.
    public let keys: SigningKeyCache
    /// Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is honoured for header-signed requests
    /// (presigned requests always may use it). Off by default: IAM, STS and Organizations
    /// bodies are small and carry the operation, so they must be signed.
    public var allowsUnsignedPayload: Bool

    /// Creates a verifier.
    public init(keys: SigningKeyCache = SigningKeyCache(), allowsUnsignedPayload: Bool = false) {
        self.keys = keys
        self.allowsUnsignedPayload = allowsUnsignedPayload
    }

    /// Checks the signature against the request with the given secret.
    /// - Throws: `SignatureDoesNotMatch` when it does not verify.
    public func verify(_ credential: SigV4Credential, request: AWSHTTPRequest, secretAccessKey: String)
        throws(AWSServiceError)
    {
        let expected = expectedSignature(credential, request: request, secretAccessKey: secretAccessKey)
        guard ConstantTime.equals(expected, credential.signature.utf8) else {
            throw .signatureDoesNotMatch()
        }
    }

    /// The hex signature the server computes for this request (lowercase, 64 bytes).
    func expectedSignature(_ credential: SigV4Credential, request: AWSHTTPRequest, secretAccessKey: String) -> [UInt8] {
        let presigned: Bool
        if case .presignedQuery = credential.form { presigned = true } else { presigned = false }
        let payloadHash: String
        if let claimed = request.header("X-Amz-Content-Sha256"), claimed == SigV4Canonicalizer.unsignedPayload,
            presigned || allowsUnsignedPayload
        {
            payloadHash = claimed
        } else {
            payloadHash = SigV4Canonicalizer.payloadHash(request.body)
        }
        let canonical = SigV4Canonicalizer.canonicalRequest(
            request, signedHeaders: credential.signedHeaders, payloadHash: payloadHash,
            pathEncoding: credential.scope.service == "s3" ? .singleEncoded : .normalizedDoubleEncoded,
            excludeSignatureFromQuery: presigned)
        let stringToSign = SigV4Canonicalizer.stringToSign(
            canonicalRequest: canonical, amzDate: credential.amzDate, scope: credential.scope)
        var mac = keys.keyedHMAC(
            accessKeyID: credential.accessKeyID, secretAccessKey: secretAccessKey, scope: credential.scope)
        mac.update(data: stringToSign)
        var hex: [UInt8] = []
        ASCII.appendHex(mac.finalize(), to: &hex)
        return hex
    }
}
