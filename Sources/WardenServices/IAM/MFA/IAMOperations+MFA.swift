import WardenShapes
extension IAMOperations {
    /// The MFA operations served.
    static let mfa: [any ServiceOperation.Type] = []
}
