public import Foundation
public import WardenAWS

/// The principal a verified request acts as: an account's root user, an IAM user, an assumed-role session,
/// or a federated user session.
public struct Caller: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The account root user: every permission in its account, subject only to SCPs.
        case root
        /// An IAM user of the account.
        case user(userID: String, name: String, path: String)
        /// A session of an assumed role (temporary credentials from STS).
        case assumedRole(roleID: String, roleName: String, sessionName: String)
        /// A `GetFederationToken` session: acts with the issuing IAM user's policies (`issuerUserID`; nil
        /// when the root user issued it) intersected with its session policies.
        case federatedUser(name: String, issuerUserID: String?)
        /// The bearer of an OpenID Connect token verified against a provider of the account
        /// (`AssumeRoleWithWebIdentity`, which is not signed): no policy of its own, only the role's trust policy.
        case webIdentity(WebIdentity)
    }

    public let accountID: String
    public let kind: Kind
    /// The access key the request was signed with.
    public let accessKeyID: String
    /// When the temporary credential was issued; nil for long-term keys (`aws:TokenIssueTime`).
    public let tokenIssueTime: Date?
    /// The STS session the request was signed for (its tags, session policies, source identity, MFA);
    /// nil for long-term keys.
    public let session: SessionClaims?

    public init(accountID: String, kind: Kind, accessKeyID: String, tokenIssueTime: Date? = nil, session: SessionClaims? = nil) {
        self.accountID = accountID
        self.kind = kind
        self.accessKeyID = accessKeyID
        self.tokenIssueTime = tokenIssueTime ?? session?.issuedAt
        self.session = session
    }

    /// The caller's ARN as `GetCallerIdentity` reports it; for a web identity, its provider's ARN (it has none).
    public var arn: String {
        switch kind {
        case .root: "arn:aws:iam::\(accountID):root"
        case .user(_, let name, let path): "arn:aws:iam::\(accountID):user\(path)\(name)"
        case .assumedRole(_, let roleName, let sessionName): "arn:aws:sts::\(accountID):assumed-role/\(roleName)/\(sessionName)"
        case .federatedUser(let name, _): "arn:aws:sts::\(accountID):federated-user/\(name)"
        case .webIdentity(let identity): identity.providerARN
        }
    }

    /// The caller's unique id as `GetCallerIdentity` reports it (`aws:userid`).
    public var userID: String {
        switch kind {
        case .root: accountID
        case .user(let userID, _, _): userID
        case .assumedRole(let roleID, _, let sessionName): "\(roleID):\(sessionName)"
        case .federatedUser(let name, _): "\(accountID):\(name)"
        case .webIdentity(let identity): identity.principalID
        }
    }
}
