public import WardenAWS
public import WardenShapes
import WardenStore

/// Roles: create, read, list, update, delete.
extension IAM.CreateRole: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateRole"
    /// A new entity under a new id: no cached policy set, guardrail or key refers to it yet (keys are never
    /// cached as missing), so creating one empties no cache.
    public static var changeScope: ChangeScope { .nothingCached }
    /// AWS's default quota of roles per account.
    static let rolesPerAccount = 1000

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.role(path: input.path ?? "/", name: input.roleName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        var keys = IAMTags.conditionKeys(input.tags)
        if let boundary = input.permissionsBoundary { keys["iam:PermissionsBoundary"] = [boundary] }
        return keys
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let path = input.path ?? "/"
        if path.hasPrefix(ServiceLinkedRoles.pathPrefix) {
            throw IAM.Errors.invalidInput("Path prefix '\(ServiceLinkedRoles.pathPrefix)' can only be used for AWS Service linked Roles")
        }
        try TrustPolicies.validate(input.assumeRolePolicyDocument)
        let tags = try IAMTags.initial(input.tags)
        if let boundary = input.permissionsBoundary { try await PermissionsBoundaries.check(boundary, call) }
        if try await call.roles.countForCreation() >= rolesPerAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for RolesPerAccount: \(rolesPerAccount)")
        }
        let role = IAMRoleRecord(
            roleID: AWSIdentifier.roleID.generate(), accountID: call.accountID, name: input.roleName, path: path,
            assumeRolePolicy: input.assumeRolePolicyDocument, description: input.description,
            maxSessionDuration: input.maxSessionDuration ?? 3600, permissionsBoundary: input.permissionsBoundary, tags: tags,
            createdAt: call.now.wholeSeconds)
        do {
            try await call.roles.create(role)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("Role with name \(input.roleName) already exists.")
        }
        var shape = role.shape
        shape.roleLastUsed = nil
        return Output(role: shape)
    }
}

extension IAM.GetRole: ServiceOperation {
    public static let action: RequiredAction = "iam:GetRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        Output(role: try await call.role(named: input.roleName).shape)
    }
}

extension IAM.ListRoles: ServiceOperation {
    public static let action: RequiredAction = "iam:ListRoles"

    /// AWS authorizes listing on the path prefix: `arn:aws:iam::ACCOUNT:role/` (or `role/PREFIX`).
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.role(path: input.pathPrefix ?? "/", name: "")
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.roles.list(
            pathPrefix: input.pathPrefix ?? "/", after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(roles: page.items.map(\.listedShape), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.UpdateRole: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        if let description = input.description { try await call.roles.setDescription(roleID: role.roleID, description) }
        if let seconds = input.maxSessionDuration { try await call.roles.setMaxSessionDuration(roleID: role.roleID, seconds) }
        return Output()
    }
}

extension IAM.UpdateRoleDescription: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateRoleDescription"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        var role = try await call.role(named: input.roleName, lock: true)
        try await call.roles.setDescription(roleID: role.roleID, input.description)
        role.description = input.description
        return Output(role: role.shape)
    }
}

extension IAM.UpdateAssumeRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateAssumeRolePolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try role.requireModifiable()
        try TrustPolicies.validate(input.policyDocument)
        try await call.roles.setAssumeRolePolicy(roleID: role.roleID, input.policyDocument)
        return Output()
    }
}

extension IAM.DeleteRole: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        try role.requireModifiable()
        let dependents = try await call.roles.dependents(roleID: role.roleID)
        if dependents.inlinePolicies > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must delete policies first.")
        }
        if dependents.attachedPolicies > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must detach all policies first.")
        }
        if try await call.instanceProfiles.count(containing: role.roleID) > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
        }
        try await call.roles.delete(roleID: role.roleID)
        return Output()
    }
}
