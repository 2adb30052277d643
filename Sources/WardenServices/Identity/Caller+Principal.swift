public import WardenPolicy

extension Caller {
    /// The caller as the policy engine sees it, with the tags IAM knows for it.
    public func principal(tags: [String: String] = [:]) -> PrincipalIdentity {
        switch kind {
        case .root:
            return .root(account: accountID)
        case .user(let userID, let name, let path):
            return .user(account: accountID, name: name, path: path, userId: userID, tags: tags)
        case .assumedRole(let roleID, let roleName, let sessionName):
            return .assumedRole(account: accountID, roleName: roleName, sessionName: sessionName, roleId: roleID, tags: tags)
        }
    }

    /// How AWS names the caller in an `AccessDenied` message: `User`.
    var deniedKind: String { "User" }
}
