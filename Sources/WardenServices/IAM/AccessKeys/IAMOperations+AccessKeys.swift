import WardenShapes
extension IAMOperations {
    /// The AccessKeys operations served.
    static let accessKeys: [any ServiceOperation.Type] = [
        IAM.CreateAccessKey.self, IAM.ListAccessKeys.self, IAM.UpdateAccessKey.self, IAM.DeleteAccessKey.self,
        IAM.GetAccessKeyLastUsed.self,
    ]
}
