import WardenShapes
extension IAMOperations {
    /// The ManagedPolicies operations served.
    static let managedPolicies: [any ServiceOperation.Type] = [
        IAM.CreatePolicy.self, IAM.GetPolicy.self, IAM.ListPolicies.self, IAM.DeletePolicy.self,
        IAM.CreatePolicyVersion.self, IAM.GetPolicyVersion.self, IAM.ListPolicyVersions.self, IAM.DeletePolicyVersion.self,
        IAM.SetDefaultPolicyVersion.self,
        IAM.AttachUserPolicy.self, IAM.AttachGroupPolicy.self, IAM.AttachRolePolicy.self,
        IAM.DetachUserPolicy.self, IAM.DetachGroupPolicy.self, IAM.DetachRolePolicy.self,
        IAM.ListAttachedUserPolicies.self, IAM.ListAttachedGroupPolicies.self, IAM.ListAttachedRolePolicies.self,
        IAM.ListEntitiesForPolicy.self,
        IAM.TagPolicy.self, IAM.UntagPolicy.self, IAM.ListPolicyTags.self,
    ]
}
