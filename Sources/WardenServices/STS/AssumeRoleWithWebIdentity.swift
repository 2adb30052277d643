import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// `sts:AssumeRoleWithWebIdentity`: a session of a role for the bearer of an OpenID Connect ID token. The
/// request is unsigned; the gateway verifies the token against the role account's provider and its published
/// keys (``WebIdentityVerifier``), and the pipeline authorizes the resulting ``WebIdentity`` against the
/// role's trust policy, whose conditions see the token's claims (`<provider>:aud`, `:sub`, `:amr`, `:oaud`).
extension STS.AssumeRoleWithWebIdentity: ServiceOperation {
    public static let action: RequiredAction = "sts:AssumeRoleWithWebIdentity"
    public static var changeScope: ChangeScope { .nothingCached }
    public static let access = OperationAccess.write
    public static let changesState = false

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await AssumableRole.named(input.roleArn, call).map(AssumableRole.arn(of:)) ?? input.roleArn
    }

    public static func resourcePolicy(_ input: Input, _ call: OperationContext) async throws -> ResourcePolicy? {
        try await AssumableRole.named(input.roleArn, call).map {
            ResourcePolicy(id: AssumableRole.arn(of: $0), document: $0.assumeRolePolicy, ownerAccountID: $0.accountID, mustAllow: true)
        }
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        var keys: [String: [String]] = ["sts:RoleSessionName": [input.roleSessionName]]
        if case .webIdentity(let identity) = call.caller.kind { keys.merge(identity.conditionKeys) { $1 } }
        return keys
    }

    /// AWS's words, the same for a missing role and one whose trust policy does not allow the token.
    public static func deniedMessage(_ input: Input, _ call: OperationContext) -> String? {
        "Not authorized to perform sts:AssumeRoleWithWebIdentity"
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard case .webIdentity(let identity) = call.caller.kind else {
            // Reached only by a signed request: the token, not a signature, authenticates this call.
            throw STS.Errors.invalidIdentityToken("AssumeRoleWithWebIdentity is authenticated by its WebIdentityToken: send it unsigned.")
        }
        if input.providerId != nil {
            throw AWSServiceError.invalidParameterValue(
                "ProviderId is for OAuth 2.0 access tokens of Login with Amazon and Facebook, which Warden does not verify; send an OpenID Connect ID token without it.")
        }
        guard let role = try await AssumableRole.named(input.roleArn, call) else {
            throw AWSServiceError.accessDenied(deniedMessage(input, call) ?? "")
        }
        let duration = input.durationSeconds ?? 3600
        if duration > role.maxSessionDuration {
            throw AWSServiceError.validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        let policyARNs = (input.policyArns ?? []).compactMap(\.arn)
        let packed = try SessionPolicies.check(policy: input.policy, arns: policyARNs, tags: [])
        try await SessionPolicies.checkExist(policyARNs, account: role.accountID, call)
        call.environment.roleUsage.record(role.roleID, use: RoleUse(date: call.now, region: call.region))
        let roleARN = AssumableRole.arn(of: role)
        let claims = SessionClaims(
            accessKeyID: SessionCredentials.newAccessKeyID(account: role.accountID), accountID: role.accountID, roleARN: roleARN,
            principalID: role.roleID, sessionName: input.roleSessionName, issuedAt: call.now,
            expiresAt: call.now.addingTimeInterval(TimeInterval(duration)), sessionPolicy: input.policy, sessionPolicyARNs: policyARNs)
        return Output(
            credentials: try await SessionCredentials.issue(claims, call), subjectFromWebIdentityToken: identity.subject,
            assumedRoleUser: STS.AssumedRoleUser(
                assumedRoleId: "\(role.roleID):\(input.roleSessionName)",
                arn: "arn:aws:sts::\(role.accountID):assumed-role/\(role.name)/\(input.roleSessionName)"),
            packedPolicySize: packed, provider: identity.providerARN, audience: identity.audience)
    }
}
