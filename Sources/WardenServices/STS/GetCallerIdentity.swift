import WardenAWS

/// `sts:GetCallerIdentity`: who the credentials belong to. AWS requires no permission for it, and an
/// explicit deny cannot stop it, so it is answered for any authenticated caller.
enum GetCallerIdentity: AWSOperation {
    static let name = "GetCallerIdentity"
    static let `protocol` = AWSProtocol.sts

    struct Input: Decodable, Sendable {}

    struct Output: Encodable, Sendable {
        let UserId: String
        let Account: String
        let Arn: String
    }

    static func handle(_ input: Input, _ call: CallContext) async throws -> Output {
        Output(UserId: call.caller.userID, Account: call.caller.accountID, Arn: call.caller.arn)
    }
}
