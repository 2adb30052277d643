import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Instance profiles: what hands a role to an EC2 instance.
extension IAM.CreateInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateInstanceProfile"
    public static var changeScope: ChangeScope { .nothingCached }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.instanceProfile(path: input.path ?? "/", name: input.instanceProfileName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = InstanceProfileRecord(
            instanceProfileID: AWSIdentifier.instanceProfileID.generate(), accountID: call.accountID, name: input.instanceProfileName,
            path: input.path ?? "/", tags: try IAMTags.initial(input.tags), createdAt: call.now.wholeSeconds)
        if try await call.instanceProfiles.countForCreation() >= InstanceProfiles.perAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for InstanceProfilesPerAccount: \(InstanceProfiles.perAccount)")
        }
        do {
            try await call.instanceProfiles.create(profile)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("Instance Profile \(input.instanceProfileName) already exists.")
        }
        return Output(instanceProfile: try await call.shapes(of: [profile], withTags: true)[0])
    }
}

extension IAM.GetInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:GetInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName)
        return Output(instanceProfile: try await call.shapes(of: [profile], withTags: true)[0])
    }
}

extension IAM.ListInstanceProfiles: ServiceOperation {
    public static let action: RequiredAction = "iam:ListInstanceProfiles"

    /// Authorized on the path prefix, as `ListRoles` is: `arn:aws:iam::ACCOUNT:instance-profile/PREFIX`.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.instanceProfile(path: input.pathPrefix ?? "/", name: "")
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.instanceProfiles.list(
            pathPrefix: input.pathPrefix ?? "/", after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(instanceProfiles: try await call.shapes(of: page.items), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListInstanceProfilesForRole: ServiceOperation {
    public static let action: RequiredAction = "iam:ListInstanceProfilesForRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName)
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.instanceProfiles.containing(
            roleID: role.roleID, after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(instanceProfiles: try await call.shapes(of: page.items), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.DeleteInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName, lock: true)
        guard profile.roleIDs.isEmpty else {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
        }
        try await call.instanceProfiles.delete(profileID: profile.instanceProfileID)
        return Output()
    }
}

extension IAM.AddRoleToInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:AddRoleToInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    /// The profile passes the role to whatever runs under it, so AWS also requires `iam:PassRole` on the role.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName, lock: true)
        let role = try await call.role(named: input.roleName)
        try await call.requirePermission("iam:PassRole", on: role.arn, protocol: Self.protocol)
        if profile.roleIDs.contains(role.roleID) {
            throw IAM.Errors.entityAlreadyExists("Role \(role.name) is already in Instance Profile \(profile.name).")
        }
        if profile.roleIDs.count >= InstanceProfiles.rolesPerProfile {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: \(InstanceProfiles.rolesPerProfile)")
        }
        try await call.instanceProfiles.addRole(role.roleID, to: profile.instanceProfileID)
        return Output()
    }
}

extension IAM.RemoveRoleFromInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:RemoveRoleFromInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName, lock: true)
        guard let role = try await call.roles.named(input.roleName), profile.roleIDs.contains(role.roleID) else {
            throw IAM.Errors.noSuchEntity("The role with name \(input.roleName) cannot be found in Instance Profile \(profile.name).")
        }
        try await call.instanceProfiles.removeRole(role.roleID, from: profile.instanceProfileID)
        return Output()
    }
}

extension IAM.TagInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:TagInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName, lock: true)
        try await call.instanceProfiles.setTags(profileID: profile.instanceProfileID, try IAMTags.merge(profile.tags, adding: input.tags))
        return Output()
    }
}

extension IAM.UntagInstanceProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagInstanceProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName, lock: true)
        try await call.instanceProfiles.setTags(profileID: profile.instanceProfileID, IAMTags.removing(input.tagKeys, from: profile.tags))
        return Output()
    }
}

extension IAM.ListInstanceProfileTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListInstanceProfileTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.instanceProfileARN(input.instanceProfileName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let profile = try await call.instanceProfile(named: input.instanceProfileName)
        let page = try IAMTags.page(profile.tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}
