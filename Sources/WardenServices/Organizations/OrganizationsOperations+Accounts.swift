import WardenShapes

extension OrganizationsOperations {
    /// Member accounts: creating them (asynchronously), reading, moving, removing and closing them.
    static let accounts: [any ServiceOperation.Type] = [
        Organizations.CreateAccount.self,
        Organizations.DescribeCreateAccountStatus.self,
        Organizations.ListCreateAccountStatus.self,
        Organizations.DescribeAccount.self,
        Organizations.ListAccounts.self,
        Organizations.ListAccountsForParent.self,
        Organizations.MoveAccount.self,
        Organizations.RemoveAccountFromOrganization.self,
        Organizations.CloseAccount.self,
    ]
}
