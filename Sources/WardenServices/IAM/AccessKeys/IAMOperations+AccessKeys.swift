import WardenShapes
extension IAMOperations {
    /// The AccessKeys operations served.
    static let accessKeys: [any ServiceOperation.Type] = []
}
