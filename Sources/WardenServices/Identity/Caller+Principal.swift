public import WardenPolicy
import WardenAWS

extension Caller {
    /// The caller as the policy engine sees it, with the tags IAM knows for it (a session's tags, which
    /// override the role's or user's, are merged by the caller of this).
    public func principal(tags: [String: String] = [:]) -> PrincipalIdentity {
        switch kind {
        case .root:
            return .root(account: accountID)
        case .user(let userID, let name, let path):
            return .user(account: accountID, name: name, path: path, userId: userID, tags: tags)
        case .assumedRole(let roleID, let roleName, let sessionName):
            return .assumedRole(
                account: accountID, roleName: roleName, path: rolePath, sessionName: sessionName, roleId: roleID, tags: tags)
        case .federatedUser:
            // `aws:PrincipalArn` and `aws:userid` are the federated user's own (`ACCOUNT:NAME`), as in AWS.
            return PrincipalIdentity(kind: .federatedUser, accountId: accountID, arn: arn, userId: userID, tags: tags)
        case .webIdentity(let identity):
            return PrincipalIdentity(
                kind: .webIdentityUser, accountId: nil, arn: identity.providerARN, userId: identity.principalID,
                federatedProvider: identity.providerARN)
        }
    }

    /// The path of the assumed role (`aws:PrincipalArn` is the role's ARN, path included).
    var rolePath: String {
        guard let arn = session?.roleARN, let slash = arn.firstIndex(of: "/"), let last = arn.lastIndex(of: "/") else { return "/" }
        return String(arn[slash...last])
    }

    /// How AWS names the caller in an `AccessDenied` message: `User`.
    var deniedKind: String { "User" }
}
