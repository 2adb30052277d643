import WardenShapes
extension IAMOperations {
    /// The Roles operations served.
    static let roles: [any ServiceOperation.Type] = [
        IAM.CreateRole.self, IAM.GetRole.self, IAM.ListRoles.self, IAM.UpdateRole.self, IAM.UpdateRoleDescription.self,
        IAM.UpdateAssumeRolePolicy.self, IAM.DeleteRole.self,
        IAM.TagRole.self, IAM.UntagRole.self, IAM.ListRoleTags.self,
        IAM.PutRolePermissionsBoundary.self, IAM.DeleteRolePermissionsBoundary.self,
        IAM.CreateServiceLinkedRole.self, IAM.DeleteServiceLinkedRole.self, IAM.GetServiceLinkedRoleDeletionStatus.self,
    ]
}
