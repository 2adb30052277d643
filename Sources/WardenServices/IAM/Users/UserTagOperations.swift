public import WardenAWS
public import WardenShapes
import WardenStore

/// A user's tags and permissions boundary.
extension IAM.TagUser: ServiceOperation {
    public static let action: RequiredAction = "iam:TagUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.userARN(input.userName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        try await call.users.setTags(userID: user.userID, try IAMTags.merge(user.tags, adding: input.tags))
        return Output()
    }
}

extension IAM.UntagUser: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.userARN(input.userName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        try await call.users.setTags(userID: user.userID, IAMTags.removing(input.tagKeys, from: user.tags))
        return Output()
    }
}

extension IAM.ListUserTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListUserTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.userARN(input.userName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName)
        let page = try IAMTags.page(user.tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.PutUserPermissionsBoundary: ServiceOperation {
    public static let action: RequiredAction = "iam:PutUserPermissionsBoundary"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.userARN(input.userName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["iam:PermissionsBoundary": [input.permissionsBoundary]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        try await PermissionsBoundaries.check(input.permissionsBoundary, call)
        try await call.users.setPermissionsBoundary(userID: user.userID, input.permissionsBoundary)
        return Output()
    }
}

extension IAM.DeleteUserPermissionsBoundary: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteUserPermissionsBoundary"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.userARN(input.userName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName, lock: true)
        try await call.users.setPermissionsBoundary(userID: user.userID, nil)
        return Output()
    }
}
