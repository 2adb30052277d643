import WardenShapes
extension IAMOperations {
    /// The MFA operations served.
    static let mfa: [any ServiceOperation.Type] = [
        IAM.CreateVirtualMFADevice.self, IAM.EnableMFADevice.self, IAM.ResyncMFADevice.self, IAM.DeactivateMFADevice.self,
        IAM.DeleteVirtualMFADevice.self, IAM.ListMFADevices.self, IAM.ListVirtualMFADevices.self, IAM.GetMFADevice.self,
        IAM.TagMFADevice.self, IAM.UntagMFADevice.self, IAM.ListMFADeviceTags.self,
    ]
}
