import Foundation
import WardenAWS
public import WardenShapes

/// `sts:GetFederationToken`: a session for a federated user `Name`, issued with the long-term credentials
/// of an IAM user (or, not recommended, the root user). The session's permissions are the intersection of
/// the issuer's policies and the session policies passed (`Policy`, `PolicyArns`); with none passed it
/// has no permissions at all, as in AWS. It calls no IAM operation and no STS operation but
/// `GetCallerIdentity` (see ``SessionCredentials/checkScope(of:action:)``).
extension STS.GetFederationToken: ServiceOperation {
    public static let action: RequiredAction = "sts:GetFederationToken"
    /// Issuing a session writes only what no cache holds (`RoleLastUsed`, an MFA code's use, a session key):
    /// sessions are issued without emptying any replica's caches.
    public static var changeScope: ChangeScope { .nothingCached }
    /// The first issue of a database stores the first session key.
    public static let access = OperationAccess.write
    public static let changesState = false

    /// Default and maximum durations (root's sessions last at most an hour: longer requests get an hour, as in AWS).
    static let defaultDuration = 43_200
    static let rootMaximum = 3_600

    /// The federated user's ARN: `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    static func arn(_ name: String, _ call: OperationContext) -> String { "arn:aws:sts::\(call.accountID):federated-user/\(name)" }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { arn(input.name, call) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        SessionTags.requestKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard call.caller.session == nil else {
            throw AWSServiceError.accessDenied("Cannot call GetFederationToken with session credentials")
        }
        var duration = input.durationSeconds ?? defaultDuration
        let issuerUserID: String?
        switch call.caller.kind {
        case .root:
            duration = min(duration, rootMaximum)
            issuerUserID = nil
        case .user(let userID, _, _):
            issuerUserID = userID
        case .assumedRole, .federatedUser, .webIdentity:
            throw AWSServiceError.accessDenied("Cannot call GetFederationToken with session credentials")
        }
        let tags = try SessionTags.requested(input.tags)
        let policyARNs = (input.policyArns ?? []).compactMap(\.arn)
        let packed = try SessionPolicies.check(policy: input.policy, arns: policyARNs, tags: tags)
        try await SessionPolicies.checkExist(policyARNs, account: call.accountID, call)
        let federatedARN = arn(input.name, call)
        if !tags.isEmpty {
            try await call.requirePermission("sts:TagSession", on: federatedARN, keys: SessionTags.requestKeys(input.tags), protocol: Self.protocol)
        }
        let claims = SessionClaims(
            accessKeyID: SessionCredentials.newAccessKeyID(account: call.accountID), accountID: call.accountID, principalID: issuerUserID,
            userARN: call.caller.arn, issuedAt: call.now, expiresAt: call.now.addingTimeInterval(TimeInterval(duration)), tags: tags,
            sessionPolicy: input.policy, sessionPolicyARNs: policyARNs, federatedName: input.name)
        return Output(
            credentials: try await SessionCredentials.issue(claims, call),
            federatedUser: STS.FederatedUser(federatedUserId: "\(call.accountID):\(input.name)", arn: federatedARN),
            packedPolicySize: packed)
    }
}
