public import WardenAWS
public import WardenShapes
import WardenStore

/// Groups: create, read (with members), list, rename, delete.
extension IAM.CreateGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateGroup"
    /// A new entity under a new id: no cached policy set, guardrail or key refers to it yet (keys are never
    /// cached as missing), so creating one empties no cache.
    public static var changeScope: ChangeScope { .nothingCached }
    /// AWS's default quota of groups per account.
    static let groupsPerAccount = 300

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.group(path: input.path ?? "/", name: input.groupName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if try await call.groups.countForCreation() >= groupsPerAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for GroupsPerAccount: \(groupsPerAccount)")
        }
        let group = IAMGroupRecord(
            groupID: AWSIdentifier.groupID.generate(), accountID: call.accountID, name: input.groupName, path: input.path ?? "/",
            createdAt: call.now.wholeSeconds)
        do {
            try await call.groups.create(group)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("Group with name \(input.groupName) already exists.")
        }
        return Output(group: group.shape)
    }
}

extension IAM.GetGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:GetGroup"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.groupARN(input.groupName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let group = try await call.group(named: input.groupName)
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.groups.members(groupID: group.groupID, after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(
            group: group.shape,
            users: page.items.map { user in
                var shape = user.shape
                shape.tags = nil
                shape.permissionsBoundary = nil
                return shape
            }, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListGroups: ServiceOperation {
    public static let action: RequiredAction = "iam:ListGroups"

    /// AWS authorizes listing on the path prefix: `arn:aws:iam::ACCOUNT:group/` (or `group/PREFIX`).
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.group(path: input.pathPrefix ?? "/", name: "")
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.groups.list(
            pathPrefix: input.pathPrefix ?? "/", after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(groups: page.items.map(\.shape), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.UpdateGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateGroup"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.groupARN(input.groupName)
    }

    /// A rename or move is authorized on the new ARN too, as AWS does.
    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] {
        guard input.newGroupName != nil || input.newPath != nil else { return [] }
        let current = try await call.groups.named(input.groupName)
        return [call.arn.group(path: input.newPath ?? current?.path ?? "/", name: input.newGroupName ?? current?.name ?? input.groupName)]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let group = try await call.group(named: input.groupName, lock: true)
        let name = input.newGroupName ?? group.name
        do {
            try await call.groups.update(groupID: group.groupID, name: name, path: input.newPath ?? group.path)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("Group with name \(name) already exists.")
        }
        return Output()
    }
}

extension IAM.DeleteGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteGroup"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.groupARN(input.groupName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let group = try await call.group(named: input.groupName, lock: true)
        let dependents = try await call.groups.dependents(groupID: group.groupID)
        if dependents.members > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must remove users from group first.")
        }
        if dependents.inlinePolicies > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must delete policies first.")
        }
        if dependents.attachedPolicies > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete entity, must detach all policies first.")
        }
        try await call.groups.delete(groupID: group.groupID)
        return Output()
    }
}
