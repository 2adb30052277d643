import WardenShapes
extension IAMOperations {
    /// The Roles operations served.
    static let roles: [any ServiceOperation.Type] = []
}
