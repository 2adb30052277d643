public import WardenShapes
public import WardenStore

extension OperationContext {
    /// The caller account's IAM groups, on the call's transaction.
    public var groups: GroupRepository { GroupRepository(transaction: transaction, accountID: accountID) }

    /// The group named `name`. - Throws: `NoSuchEntity` in AWS's words.
    public func group(named name: String, lock: Bool = false) async throws -> IAMGroupRecord {
        guard let group = try await groups.named(name, lock: lock) else {
            throw IAM.Errors.noSuchEntity("The group with name \(name) cannot be found.")
        }
        return group
    }

    /// The ARN of group `name` for authorization: the stored group's own ARN (path and case of its name)
    /// when it exists, else `group/NAME`.
    public func groupARN(_ name: String) async throws -> String {
        try await groups.named(name)?.arn ?? arn.group(path: "/", name: name)
    }
}

extension IAMGroupRecord {
    /// The wire shape (`Group`).
    public var shape: IAM.Group { IAM.Group(path: path, groupName: name, groupId: groupID, arn: arn, createDate: createdAt) }
}
