import Foundation
import WardenAWS
import WardenShapes
import WardenStore

/// Whose credentials a call names: the IAM user of `UserName`, or — without one — the caller itself,
/// which for the root user means the root user's own access keys and devices (as AWS documents).
enum CredentialOwner: Sendable {
    case root
    case user(IAMUserRecord)

    /// The user id stored with root-less rows; nil for the root user.
    var userID: String? {
        if case .user(let user) = self { return user.userID }
        return nil
    }

    /// The name AWS reports for the owner (empty for the root user, who has none).
    var userName: String? {
        if case .user(let user) = self { return user.name }
        return nil
    }

    /// The ARN an action on the owner's credentials is authorized on: the named user (path `/` when it does
    /// not exist), else the caller's own ARN.
    static func resource(_ userName: String?, _ call: OperationContext) async throws -> String {
        if let userName { return try await call.userARN(userName) }
        if case .assumedRole = call.caller.kind { return call.caller.arn }
        if case .federatedUser = call.caller.kind { return call.caller.arn }
        if case .user(_, let name, let path) = call.caller.kind { return call.arn.user(path: path, name: name) }
        return call.arn.root
    }

    /// The owner a call names. `lock` holds the owner's row (user or account) until the call ends, so
    /// concurrent changes to its credentials serialise.
    /// - Throws: `NoSuchEntity` for an unknown user; `ValidationError` for a role session without `UserName`.
    static func resolve(_ userName: String?, _ call: OperationContext, lock: Bool = false) async throws -> CredentialOwner {
        if let userName { return .user(try await call.user(named: userName, lock: lock)) }
        switch call.caller.kind {
        case .root:
            if lock { try await call.accessKeys.lockRoot() }
            return .root
        case .user(let userID, let name, _):
            // By id, not name: a rename between authentication and now must not redirect the call to another user.
            guard let user = try await call.users.withID(userID, lock: lock) else {
                throw IAM.Errors.noSuchEntity("The user with name \(name) cannot be found.")
            }
            return .user(user)
        case .assumedRole, .federatedUser, .webIdentity:
            throw AWSServiceError.validationError("Must specify userName when calling with non-User credentials")
        }
    }
}

extension OperationContext {
    /// The account's access keys, on the call's transaction.
    var accessKeys: AccessKeyRepository { AccessKeyRepository(transaction: transaction, accountID: accountID) }
}
