public import Foundation

/// What an STS session token carries: everything needed to authenticate and authorize a
/// temporary credential without a database row.
public struct SessionClaims: Codable, Sendable, Hashable {
    /// A session tag (`aws:PrincipalTag` during the session).
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The temporary access key id (`ASIA…`) the token belongs to.
    public var accessKeyID: String
    /// The account the session acts in.
    public var accountID: String
    /// The assumed role's ARN; nil for `GetSessionToken` sessions of a user.
    public var roleARN: String?
    /// The unique id of the role (`AROA…`) or user (`AIDA…`).
    public var principalID: String?
    /// The ARN of the user for `GetSessionToken` sessions.
    public var userARN: String?
    /// `RoleSessionName`.
    public var sessionName: String?
    /// When the credential was issued (`aws:TokenIssueTime`).
    public var issuedAt: Date
    /// When it stops working.
    public var expiresAt: Date
    /// `SourceIdentity`, if set.
    public var sourceIdentity: String?
    /// Session tags.
    public var tags: [Tag]
    /// Keys of tags that pass on to chained role sessions.
    public var transitiveTagKeys: [String]
    /// The inline session policy text, if any.
    public var sessionPolicy: String?
    /// ARNs of managed session policies.
    public var sessionPolicyARNs: [String]
    /// Whether MFA was presented when the session was created (`aws:MultiFactorAuthPresent`).
    public var mfaAuthenticated: Bool
    /// The `Name` of a `GetFederationToken` session (whose issuer is `userARN`/`principalID`); nil otherwise.
    public var federatedName: String?
    /// Random bytes (base64) of this session alone, mixed into its secret: the access key id carries only
    /// 40 random bits, too few to keep two sessions from ever sharing a secret.
    public var nonce: String?

    /// Creates claims.
    public init(
        accessKeyID: String, accountID: String, roleARN: String? = nil, principalID: String? = nil, userARN: String? = nil,
        sessionName: String? = nil, issuedAt: Date, expiresAt: Date, sourceIdentity: String? = nil, tags: [Tag] = [],
        transitiveTagKeys: [String] = [], sessionPolicy: String? = nil, sessionPolicyARNs: [String] = [],
        mfaAuthenticated: Bool = false, federatedName: String? = nil, nonce: String? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.accountID = accountID
        self.roleARN = roleARN
        self.principalID = principalID
        self.userARN = userARN
        self.sessionName = sessionName
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.sourceIdentity = sourceIdentity
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
        self.sessionPolicy = sessionPolicy
        self.sessionPolicyARNs = sessionPolicyARNs
        self.mfaAuthenticated = mfaAuthenticated
        self.federatedName = federatedName
        self.nonce = nonce
    }

    /// 16 random bytes, base64.
    public static func newNonce() -> String {
        var rng = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }).base64EncodedString()
    }
}
