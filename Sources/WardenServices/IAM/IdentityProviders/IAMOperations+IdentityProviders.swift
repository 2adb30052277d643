import WardenShapes
extension IAMOperations {
    /// The identity-provider operations served (OpenID Connect).
    static let identityProviders: [any ServiceOperation.Type] = [
        IAM.CreateOpenIDConnectProvider.self, IAM.GetOpenIDConnectProvider.self, IAM.ListOpenIDConnectProviders.self,
        IAM.DeleteOpenIDConnectProvider.self, IAM.AddClientIDToOpenIDConnectProvider.self, IAM.RemoveClientIDFromOpenIDConnectProvider.self,
        IAM.UpdateOpenIDConnectProviderThumbprint.self, IAM.TagOpenIDConnectProvider.self, IAM.UntagOpenIDConnectProvider.self,
        IAM.ListOpenIDConnectProviderTags.self,
    ]
}
