import WardenShapes

extension OrganizationsOperations {
    /// The organization itself, its root and the policy types enabled on it.
    static let organization: [any ServiceOperation.Type] = [
        Organizations.CreateOrganization.self,
        Organizations.DescribeOrganization.self,
        Organizations.DeleteOrganization.self,
        Organizations.ListRoots.self,
        Organizations.EnablePolicyType.self,
        Organizations.DisablePolicyType.self,
    ]
}
