import PostgresNIO
public import Foundation
import WardenAWS
public import WardenShapes
public import WardenStore

extension OperationContext {
    /// The caller account's IAM users, on the call's transaction.
    public var users: UserRepository { UserRepository(transaction: transaction, accountID: accountID) }

    /// The user named `name`. - Throws: `NoSuchEntity` in AWS's words.
    public func user(named name: String, lock: Bool = false) async throws -> IAMUserRecord {
        guard let user = try await users.named(name, lock: lock) else {
            throw IAM.Errors.noSuchEntity("The user with name \(name) cannot be found.")
        }
        return user
    }

    /// The ARN of user `name` for authorization: the stored user's own ARN when it exists (its path and
    /// the case of its name: a Deny on `user/Admin` must hold for `UserName=admin`), else `user/NAME`.
    public func userARN(_ name: String) async throws -> String {
        try await users.named(name)?.arn ?? arn.user(path: "/", name: name)
    }
}

extension IAMUserRecord {
    /// The wire shape (`User`).
    public var shape: IAM.User {
        IAM.User(
            path: path, userName: name, userId: userID, arn: arn, createDate: createdAt, passwordLastUsed: passwordLastUsed,
            permissionsBoundary: permissionsBoundary.map { IAM.AttachedPermissionsBoundary(permissionsBoundaryType: "PermissionsBoundaryPolicy", permissionsBoundaryArn: $0) },
            tags: IAMTags.shape(tags))
    }
}

extension OperationContext {
    /// When the caller's account was created (the root user's `CreateDate`).
    public func accountCreationDate() async throws -> Date {
        try await transaction.rows("SELECT created_at FROM accounts WHERE account_id = \(accountID)", as: Date.self).first ?? now
    }
}
