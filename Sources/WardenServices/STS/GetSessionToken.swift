import Foundation
import WardenAWS
public import WardenShapes

/// `sts:GetSessionToken`: a temporary session of the calling IAM user (or root user), optionally proven
/// with MFA so that policies requiring `aws:MultiFactorAuthPresent` allow it. The session acts with the
/// user's own policies; `GetCallerIdentity` still names the user.
extension STS.GetSessionToken: ServiceOperation {
    public static let action = RequiredAction.none(reason: "AWS requires no permission for GetSessionToken: it only authenticates the caller")
    /// Issuing a session writes only what no cache holds (`RoleLastUsed`, an MFA code's use, a session key):
    /// sessions are issued without emptying any replica's caches.
    public static var changeScope: ChangeScope { .nothingCached }
    /// Writes the MFA device's replay floor when a code is presented.
    public static let access = OperationAccess.write
    public static let changesState = false

    /// Default and maximum durations (the root user's sessions last at most an hour, as in AWS).
    static let defaultDuration = 43_200
    static let rootMaximum = 3_600

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard call.caller.session == nil else {
            throw AWSServiceError.accessDenied("Cannot call GetSessionToken with session credentials")
        }
        var duration = input.durationSeconds ?? defaultDuration
        let principalID: String
        switch call.caller.kind {
        case .root:
            duration = min(duration, rootMaximum)
            principalID = call.accountID
        case .user(let userID, _, _):
            principalID = userID
        case .assumedRole, .federatedUser, .webIdentity:
            throw AWSServiceError.accessDenied("Cannot call GetSessionToken with session credentials")
        }
        let mfa = try await SessionMFA.verify(serialNumber: input.serialNumber, tokenCode: input.tokenCode, call)
        let claims = SessionClaims(
            accessKeyID: SessionCredentials.newAccessKeyID(account: call.accountID), accountID: call.accountID, principalID: principalID,
            userARN: call.caller.arn, issuedAt: call.now, expiresAt: call.now.addingTimeInterval(TimeInterval(duration)), mfaAuthenticated: mfa)
        return Output(credentials: try await SessionCredentials.issue(claims, call))
    }
}
