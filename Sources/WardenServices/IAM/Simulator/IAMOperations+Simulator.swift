import WardenShapes
extension IAMOperations {
    /// The Simulator operations served.
    static let simulator: [any ServiceOperation.Type] = []
}
