import WardenShapes
extension IAMOperations {
    /// The Groups operations served.
    static let groups: [any ServiceOperation.Type] = [
        IAM.CreateGroup.self, IAM.GetGroup.self, IAM.ListGroups.self, IAM.UpdateGroup.self, IAM.DeleteGroup.self,
        IAM.AddUserToGroup.self, IAM.RemoveUserFromGroup.self, IAM.ListGroupsForUser.self,
    ]
}
