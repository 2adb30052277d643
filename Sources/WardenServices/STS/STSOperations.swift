import WardenShapes
/// The STS operations served.
enum STSOperations {
    static let all: [any ServiceOperation.Type] = [
        STS.GetCallerIdentity.self, STS.AssumeRole.self, STS.GetSessionToken.self, STS.GetAccessKeyInfo.self,
        STS.GetFederationToken.self, STS.DecodeAuthorizationMessage.self, STS.AssumeRoleWithWebIdentity.self,
    ]
}
