import WardenAWS
import PostgresNIO
import WardenStore
public import WardenShapes

/// `sts:GetAccessKeyInfo`: the account an access key id belongs to. Warden's own long-term keys answer
/// from the store; any other id (temporary `ASIA…` keys, which Warden never stores, and keys it does not
/// know) answers the account encoded in the id, as AWS does. An id that encodes no account is
/// `InvalidParameterValue`.
extension STS.GetAccessKeyInfo: ServiceOperation {
    public static let action: RequiredAction = "sts:GetAccessKeyInfo"
    public static let access = OperationAccess.read

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let stored = try await call.transaction.rows(
            "SELECT account_id FROM access_keys WHERE access_key_id = \(input.accessKeyId)", as: String.self)
        if let account = stored.first { return Output(account: account) }
        guard let account = SessionCredentials.account(encodedIn: input.accessKeyId) else {
            throw AWSServiceError.invalidParameterValue("The access key ID \(input.accessKeyId) is not valid.")
        }
        return Output(account: account)
    }
}
