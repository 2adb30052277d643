import WardenShapes
extension IAMOperations {
    /// The Groups operations served.
    static let groups: [any ServiceOperation.Type] = []
}
