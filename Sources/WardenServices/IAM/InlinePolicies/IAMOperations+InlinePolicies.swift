import WardenShapes
extension IAMOperations {
    /// The InlinePolicies operations served.
    static let inlinePolicies: [any ServiceOperation.Type] = []
}
