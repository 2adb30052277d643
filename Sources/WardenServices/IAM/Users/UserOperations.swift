import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Users: create, read, list, rename, delete.
extension IAM.CreateUser: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateUser"
    /// A new entity under a new id: no cached policy set, guardrail or key refers to it yet (keys are never
    /// cached as missing), so creating one empties no cache.
    public static var changeScope: ChangeScope { .nothingCached }
    /// AWS's quota of IAM users per account.
    static let usersPerAccount = 5000

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.user(path: input.path ?? "/", name: input.userName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        var keys = IAMTags.conditionKeys(input.tags)
        if let boundary = input.permissionsBoundary { keys["iam:PermissionsBoundary"] = [boundary] }
        return keys
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let tags = try IAMTags.initial(input.tags)
        if let boundary = input.permissionsBoundary { try await PermissionsBoundaries.check(boundary, call) }
        if try await call.users.countForCreation() >= usersPerAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for UsersPerAccount: \(usersPerAccount)")
        }
        let user = IAMUserRecord(
            userID: AWSIdentifier.userID.generate(), accountID: call.accountID, name: input.userName, path: input.path ?? "/",
            createdAt: call.now.wholeSeconds, permissionsBoundary: input.permissionsBoundary, tags: tags)
        do {
            try await call.users.create(user)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("User with name \(input.userName) already exists.")
        }
        return Output(user: user.shape)
    }
}

extension IAM.GetUser: ServiceOperation {
    public static let action: RequiredAction = "iam:GetUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        guard let name = input.userName else { return call.caller.arn.replacingOccurrences(of: ":sts:", with: ":iam:") }
        return try await call.userARN(name)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if let name = input.userName { return Output(user: try await call.user(named: name).shape) }
        switch call.caller.kind {
        case .user(let userID, let name, _):
            guard let user = try await call.users.withID(userID) else {
                throw IAM.Errors.noSuchEntity("The user with name \(name) cannot be found.")
            }
            return Output(user: user.shape)
        case .root:
            let created = try await call.accountCreationDate()
            return Output(user: IAM.User(path: "/", userName: "", userId: call.accountID, arn: call.arn.root, createDate: created))
        case .assumedRole, .federatedUser, .webIdentity:
            throw AWSServiceError.validationError("Must specify userName when calling with non-User credentials")
        }
    }
}

extension IAM.ListUsers: ServiceOperation {
    public static let action: RequiredAction = "iam:ListUsers"

    /// AWS authorizes listing on the path prefix: `arn:aws:iam::ACCOUNT:user/` (or `user/PREFIX`).
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.user(path: input.pathPrefix ?? "/", name: "")
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.users.list(
            pathPrefix: input.pathPrefix ?? "/", after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(users: page.items.map { user in
            var shape = user.shape
            shape.tags = nil
            shape.permissionsBoundary = nil
            return shape
        }, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.UpdateUser: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    /// A rename or move is authorized on the new ARN too, as AWS does.
    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] {
        guard input.newUserName != nil || input.newPath != nil else { return [] }
        let current = try await call.users.named(input.userName)
        return [call.arn.user(path: input.newPath ?? current?.path ?? "/", name: input.newUserName ?? current?.name ?? input.userName)]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        let name = input.newUserName ?? user.name
        do {
            try await call.users.update(userID: user.userID, name: name, path: input.newPath ?? user.path)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("User with name \(name) already exists.")
        }
        return Output()
    }
}

extension IAM.DeleteUser: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        let dependents = try await call.users.dependents(userID: user.userID)
        if let first = dependents.first {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must \(first) first.")
        }
        try await call.users.delete(userID: user.userID)
        return Output()
    }
}

extension Date {
    /// AWS reports creation times to the second.
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
