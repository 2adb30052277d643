public import WardenAWS
public import WardenShapes
import WardenStore

/// A role's tags and permissions boundary.
extension IAM.TagRole: ServiceOperation {
    public static let action: RequiredAction = "iam:TagRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try await call.roles.setTags(roleID: role.roleID, try IAMTags.merge(role.tags, adding: input.tags))
        return Output()
    }
}

extension IAM.UntagRole: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try await call.roles.setTags(roleID: role.roleID, IAMTags.removing(input.tagKeys, from: role.tags))
        return Output()
    }
}

extension IAM.ListRoleTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListRoleTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName)
        let page = try IAMTags.page(role.tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.PutRolePermissionsBoundary: ServiceOperation {
    public static let action: RequiredAction = "iam:PutRolePermissionsBoundary"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["iam:PermissionsBoundary": [input.permissionsBoundary]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try role.requireModifiable()
        try await PermissionsBoundaries.check(input.permissionsBoundary, call)
        try await call.roles.setPermissionsBoundary(roleID: role.roleID, input.permissionsBoundary)
        return Output()
    }
}

extension IAM.DeleteRolePermissionsBoundary: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteRolePermissionsBoundary"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try role.requireModifiable()
        try await call.roles.setPermissionsBoundary(roleID: role.roleID, nil)
        return Output()
    }
}
