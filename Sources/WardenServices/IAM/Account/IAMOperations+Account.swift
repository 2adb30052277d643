import WardenShapes
extension IAMOperations {
    /// The Account operations served.
    static let account: [any ServiceOperation.Type] = []
}
