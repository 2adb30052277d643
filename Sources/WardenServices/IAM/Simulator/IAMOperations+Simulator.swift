import WardenShapes

extension IAMOperations {
    /// The policy simulator's operations.
    static let simulator: [any ServiceOperation.Type] = [
        IAM.SimulateCustomPolicy.self, IAM.SimulatePrincipalPolicy.self,
        IAM.GetContextKeysForCustomPolicy.self, IAM.GetContextKeysForPrincipalPolicy.self,
    ]
}
