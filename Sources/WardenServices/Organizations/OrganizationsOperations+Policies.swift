import WardenShapes

extension OrganizationsOperations {
    static let policies: [any ServiceOperation.Type] = [
        Organizations.CreatePolicy.self, Organizations.DescribePolicy.self, Organizations.ListPolicies.self, Organizations.UpdatePolicy.self,
        Organizations.DeletePolicy.self, Organizations.AttachPolicy.self, Organizations.DetachPolicy.self,
        Organizations.ListPoliciesForTarget.self, Organizations.ListTargetsForPolicy.self, Organizations.DescribeEffectivePolicy.self,
    ]
}
