import WardenAWS
public import WardenShapes

/// `sts:GetCallerIdentity`: who the credentials belong to. AWS requires no permission for it, and an
/// explicit deny cannot stop it, so it is answered for any authenticated caller.
extension STS.GetCallerIdentity: ServiceOperation {
    public static let action = RequiredAction.none(reason: "AWS answers GetCallerIdentity for every authenticated caller")
    public static let access = OperationAccess.stateless

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        Output(userId: call.caller.userID, account: call.caller.accountID, arn: call.caller.arn)
    }
}
