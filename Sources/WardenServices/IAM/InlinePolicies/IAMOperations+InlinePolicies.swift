import WardenShapes
extension IAMOperations {
    /// The InlinePolicies operations served.
    static let inlinePolicies: [any ServiceOperation.Type] = [
        IAM.PutUserPolicy.self, IAM.GetUserPolicy.self, IAM.DeleteUserPolicy.self, IAM.ListUserPolicies.self,
        IAM.PutGroupPolicy.self, IAM.GetGroupPolicy.self, IAM.DeleteGroupPolicy.self, IAM.ListGroupPolicies.self,
        IAM.PutRolePolicy.self, IAM.GetRolePolicy.self, IAM.DeleteRolePolicy.self, IAM.ListRolePolicies.self,
    ]
}
