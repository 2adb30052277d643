import Foundation
import WardenAWS
public import WardenShapes

/// `sts:DecodeAuthorizationMessage`: the details of a denial from the encoded message appended to its
/// `AccessDenied` (see ``AuthorizationMessage``). Only callers of the denied request's account can decode
/// it; any other message, or one of another account, is `InvalidAuthorizationMessageException`.
extension STS.DecodeAuthorizationMessage: ServiceOperation {
    public static let action: RequiredAction = "sts:DecodeAuthorizationMessage"
    public static let access = OperationAccess.read

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let plain = call.environment.authorizationMessages.open(input.encodedMessage, accountID: call.accountID) else {
            throw STS.Errors.invalidAuthorizationMessageException("The encoded authorization message is not valid.")
        }
        return Output(decodedMessage: String(decoding: plain, as: UTF8.self))
    }
}
