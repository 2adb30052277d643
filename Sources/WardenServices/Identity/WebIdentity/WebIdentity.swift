/// Who an OpenID Connect token, verified against one of an account's providers, says the caller is: what
/// `AssumeRoleWithWebIdentity` authorizes against the role's trust policy.
public struct WebIdentity: Sendable, Hashable {
    /// The provider's URL without its scheme, as stored and as its ARN ends (`token.example.com/path`): the
    /// prefix of the trust policy's condition keys (`token.example.com/path:sub`).
    public let providerURL: String
    /// The provider's ARN: what a `Federated` principal names.
    public let providerARN: String
    /// The token's `iss`.
    public let issuer: String
    /// The token's `sub`.
    public let subject: String
    /// The client id the token was accepted for: its `azp` when present, else the `aud` that is one of the
    /// provider's client ids (`<url>:aud`).
    public let audience: String
    /// Every `aud` of the token (`<url>:oaud` when `azp` names the audience).
    public let audiences: [String]
    /// The token's `amr`, when it has one (`<url>:amr`).
    public let authenticationMethods: [String]

    public init(
        providerURL: String, providerARN: String, issuer: String, subject: String, audience: String, audiences: [String],
        authenticationMethods: [String]
    ) {
        self.providerURL = providerURL
        self.providerARN = providerARN
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.audiences = audiences
        self.authenticationMethods = authenticationMethods
    }

    /// `PROVIDER:AUDIENCE:SUBJECT`: the caller's id in CloudTrail (`principalId`) and `aws:userid`.
    public var principalID: String { "\(providerURL):\(audience):\(subject)" }

    /// The condition keys the token supplies to the trust policy, as AWS names them: `<url>:aud`, `<url>:sub`,
    /// `<url>:oaud` (every audience, when `azp` was the one accepted), `<url>:amr`, and `aws:FederatedProvider`.
    public var conditionKeys: [String: [String]] {
        var keys: [String: [String]] = [
            "\(providerURL):aud": [audience],
            "\(providerURL):sub": [subject],
            "aws:FederatedProvider": [providerARN],
        ]
        if audiences != [audience] { keys["\(providerURL):oaud"] = audiences }
        if !authenticationMethods.isEmpty { keys["\(providerURL):amr"] = authenticationMethods }
        return keys
    }
}
