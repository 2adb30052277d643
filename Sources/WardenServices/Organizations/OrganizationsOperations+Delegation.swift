import WardenShapes

extension OrganizationsOperations {
    /// Delegated administrators, trusted service access and the resource-based delegation policy.
    static let delegation: [any ServiceOperation.Type] = [
        Organizations.RegisterDelegatedAdministrator.self,
        Organizations.DeregisterDelegatedAdministrator.self,
        Organizations.ListDelegatedAdministrators.self,
        Organizations.ListDelegatedServicesForAccount.self,
        Organizations.EnableAWSServiceAccess.self,
        Organizations.DisableAWSServiceAccess.self,
        Organizations.ListAWSServiceAccessForOrganization.self,
        Organizations.PutResourcePolicy.self,
        Organizations.DescribeResourcePolicy.self,
        Organizations.DeleteResourcePolicy.self,
    ]
}
