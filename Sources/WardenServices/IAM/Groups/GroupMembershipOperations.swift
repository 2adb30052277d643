public import WardenAWS
public import WardenShapes
import WardenStore

/// Group membership: add, remove, and the groups of a user.
extension IAM.AddUserToGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:AddUserToGroup"
    /// AWS's quota of groups one user can belong to.
    static let groupsPerUser = 10

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.groupARN(input.groupName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // Group, then user: the same order as everywhere, so concurrent calls serialise without deadlock.
        let group = try await call.group(named: input.groupName, lock: true)
        let user = try await call.user(named: input.userName, lock: true)
        if try await call.groups.isMember(groupID: group.groupID, userID: user.userID) { return Output() }
        if try await call.groups.membershipCount(userID: user.userID) >= groupsPerUser {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for GroupsPerUser: \(groupsPerUser)")
        }
        try await call.groups.addMember(groupID: group.groupID, userID: user.userID, at: call.now)
        return Output()
    }
}

extension IAM.RemoveUserFromGroup: ServiceOperation {
    public static let action: RequiredAction = "iam:RemoveUserFromGroup"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.groupARN(input.groupName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let group = try await call.group(named: input.groupName, lock: true)
        let user = try await call.user(named: input.userName)
        guard try await call.groups.isMember(groupID: group.groupID, userID: user.userID) else {
            throw IAM.Errors.noSuchEntity("User \(user.name) is not in group \(group.name).")
        }
        try await call.groups.removeMember(groupID: group.groupID, userID: user.userID)
        return Output()
    }
}

extension IAM.ListGroupsForUser: ServiceOperation {
    public static let action: RequiredAction = "iam:ListGroupsForUser"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let user = try await call.user(named: input.userName)
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let fetched = try await call.groups.groups(
            ofUser: user.userID, after: try Pagination.start(after: input.marker), limit: limit + 1)
        let page = Pagination.page(fetched, limit: limit) { $0.name.lowercased() }
        return Output(groups: page.items.map(\.shape), isTruncated: page.isTruncated, marker: page.marker)
    }
}
