import WardenShapes

extension OrganizationsOperations {
    /// Organizational units and walking the tree.
    static let organizationalUnits: [any ServiceOperation.Type] = [
        Organizations.CreateOrganizationalUnit.self,
        Organizations.DescribeOrganizationalUnit.self,
        Organizations.UpdateOrganizationalUnit.self,
        Organizations.DeleteOrganizationalUnit.self,
        Organizations.ListOrganizationalUnitsForParent.self,
        Organizations.ListChildren.self,
        Organizations.ListParents.self,
    ]
}
