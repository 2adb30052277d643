import WardenShapes
extension IAMOperations {
    /// The Account operations served (with login profiles and passwords).
    static let account: [any ServiceOperation.Type] = [
        IAM.CreateLoginProfile.self, IAM.GetLoginProfile.self, IAM.UpdateLoginProfile.self, IAM.DeleteLoginProfile.self,
        IAM.ChangePassword.self,
        IAM.UpdateAccountPasswordPolicy.self, IAM.GetAccountPasswordPolicy.self, IAM.DeleteAccountPasswordPolicy.self,
        IAM.CreateAccountAlias.self, IAM.DeleteAccountAlias.self, IAM.ListAccountAliases.self,
        IAM.GetAccountSummary.self, IAM.GenerateCredentialReport.self, IAM.GetCredentialReport.self,
        IAM.GetAccountAuthorizationDetails.self,
    ]
}
