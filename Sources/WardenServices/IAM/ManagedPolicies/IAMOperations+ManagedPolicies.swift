import WardenShapes
extension IAMOperations {
    /// The ManagedPolicies operations served.
    static let managedPolicies: [any ServiceOperation.Type] = []
}
