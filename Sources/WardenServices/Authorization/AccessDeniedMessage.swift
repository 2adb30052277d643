public import WardenAWS
public import WardenPolicy

extension AWSServiceError {
    /// AWS's `AccessDenied`, worded as AWS words it, naming the layer that refused:
    /// `User: ARN is not authorized to perform: iam:CreateUser on resource: ARN because no identity-based
    /// policy allows the iam:CreateUser action`.
    public static func accessDenied(principal: String, kind: String, decision: Decision, protocol: AWSProtocol) -> AWSServiceError {
        let action = decision.explanation.action
        let resource = decision.explanation.resource
        let layer: String =
            switch decision.explanation.layer {
            case .resourceControlPolicy: "resource control policy"
            case .serviceControlPolicy: "service control policy"
            case .resourcePolicy: "resource-based policy"
            case .identityPolicy, .rootUser: "identity-based policy"
            case .permissionsBoundary: "permissions boundary"
            case .sessionPolicy: "session policy"
            }
        let why =
            decision.effect == .explicitDeny
            ? "with an explicit deny in \(layer.hasPrefix("identity") ? "an" : "a") \(layer)"
            : "because no \(layer) allows the \(action) action"
        let message = "\(kind): \(principal) is not authorized to perform: \(action) on resource: \(resource) \(why)"
        switch `protocol` {
        case .query: return .accessDenied(message)
        case .json11: return .accessDeniedException(message)
        }
    }
}
