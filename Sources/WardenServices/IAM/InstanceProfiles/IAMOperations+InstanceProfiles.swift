import WardenShapes
extension IAMOperations {
    /// The instance-profile operations served.
    static let instanceProfiles: [any ServiceOperation.Type] = [
        IAM.CreateInstanceProfile.self, IAM.GetInstanceProfile.self, IAM.ListInstanceProfiles.self, IAM.ListInstanceProfilesForRole.self,
        IAM.DeleteInstanceProfile.self, IAM.AddRoleToInstanceProfile.self, IAM.RemoveRoleFromInstanceProfile.self,
        IAM.TagInstanceProfile.self, IAM.UntagInstanceProfile.self, IAM.ListInstanceProfileTags.self,
    ]
}
