import WardenShapes
/// The IAM operations served, one list per resource family.
enum IAMOperations {
    static let all: [any ServiceOperation.Type] =
        users + groups + roles + managedPolicies + inlinePolicies + accessKeys + mfa + account + simulator + identityProviders + instanceProfiles

    static let users: [any ServiceOperation.Type] = [
        IAM.CreateUser.self, IAM.GetUser.self, IAM.ListUsers.self, IAM.UpdateUser.self, IAM.DeleteUser.self,
        IAM.TagUser.self, IAM.UntagUser.self, IAM.ListUserTags.self,
        IAM.PutUserPermissionsBoundary.self, IAM.DeleteUserPermissionsBoundary.self,
    ]
}
