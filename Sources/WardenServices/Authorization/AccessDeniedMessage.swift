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

extension OperationContext {
    /// The `AccessDenied` of a denied `decision`, worded as AWS words it, ending with the encoded
    /// authorization failure message (`DecodeAuthorizationMessage` decodes it for callers of this account).
    /// Sealed here, on denial only: an allowed request pays nothing for it.
    ///
    /// With `message` (an operation's own wording, which hides what a denial must not tell, such as whether
    /// a role in another account exists) no encoded message is appended: it would tell it.
    public func accessDenied(_ decision: Decision, protocol: AWSProtocol, message: String? = nil) -> AWSServiceError {
        var error = AWSServiceError.accessDenied(principal: caller.arn, kind: caller.deniedKind, decision: decision, protocol: `protocol`)
        if let message {
            error.message = message
            return error
        }
        let encoded = environment.authorizationMessages.seal(AuthorizationMessage(decision: decision, caller: caller).json, accountID: caller.accountID)
        error.message += " Encoded authorization failure message: \(encoded)"
        return error
    }
}
