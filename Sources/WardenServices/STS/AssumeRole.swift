import Foundation
import WardenAWS
import PostgresNIO
import WardenPolicy
public import WardenShapes
import WardenStore

/// `sts:AssumeRole`: a session of a role, of this account or another, as the role's trust policy and the
/// caller's own policies allow it. The session is sealed into its token: nothing is written (the role's
/// `RoleLastUsed` goes with the next batch).
extension STS.AssumeRole: ServiceOperation {
    public static let action: RequiredAction = "sts:AssumeRole"
    /// Issuing a session writes only what no cache holds (`RoleLastUsed`, an MFA code's use, a session key):
    /// sessions are issued without emptying any replica's caches.
    public static var changeScope: ChangeScope { .nothingCached }
    public static let access = OperationAccess.write
    public static let changesState = false

    /// The role the ARN names, or nil when there is none (AWS answers `AccessDenied`, never `NoSuchEntity`).
    static func role(_ input: Input, _ call: OperationContext) async throws -> IAMRoleRecord? {
        try await AssumableRole.named(input.roleArn, call)
    }

    static func arn(of role: IAMRoleRecord) -> String { AssumableRole.arn(of: role) }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await role(input, call).map(arn(of:)) ?? input.roleArn
    }

    /// The trust policy, owned by the role's account: same account, it may allow alone; across accounts,
    /// the caller's account must allow too.
    public static func resourcePolicy(_ input: Input, _ call: OperationContext) async throws -> ResourcePolicy? {
        try await role(input, call).map { ResourcePolicy(id: arn(of: $0), document: $0.assumeRolePolicy, ownerAccountID: $0.accountID, mustAllow: true) }
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        var keys = requestKeys(input, call)
        if try await SessionMFA.verify(serialNumber: input.serialNumber, tokenCode: input.tokenCode, call) {
            keys["aws:MultiFactorAuthPresent"] = ["true"]
            keys["aws:MultiFactorAuthAge"] = ["0"]
        }
        return keys
    }

    /// The keys the request carries: `sts:RoleSessionName`, `sts:ExternalId`, `aws:RequestTag/…`,
    /// `aws:TagKeys`, `sts:TransitiveTagKeys`, `sts:SourceIdentity`.
    static func requestKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        var keys: [String: [String]] = ["sts:RoleSessionName": [input.roleSessionName]]
        if let externalID = input.externalId { keys["sts:ExternalId"] = [externalID] }
        keys.merge(SessionTags.requestKeys(input.tags)) { $1 }
        if let transitive = input.transitiveTagKeys, !transitive.isEmpty { keys["sts:TransitiveTagKeys"] = transitive }
        if let sourceIdentity = input.sourceIdentity ?? call.caller.session?.sourceIdentity { keys["sts:SourceIdentity"] = [sourceIdentity] }
        return keys
    }

    /// One answer for a missing role and a role that does not trust the caller, naming the ARN as the caller
    /// wrote it: a denial must not tell whether a role exists.
    public static func deniedMessage(_ input: Input, _ call: OperationContext) -> String? {
        "User: \(call.caller.arn) is not authorized to perform: sts:AssumeRole on resource: \(input.roleArn)"
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if case .root = call.caller.kind { throw AWSServiceError.accessDenied("Roles may not be assumed by root accounts.") }
        guard let role = try await role(input, call) else {
            throw AWSServiceError.accessDenied(deniedMessage(input, call) ?? "")
        }
        let roleARN = arn(of: role)
        let chained: Bool
        if case .assumedRole = call.caller.kind { chained = true } else { chained = false }
        let duration = input.durationSeconds ?? 3600
        if chained, duration > 3600 {
            throw AWSServiceError.validationError(
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
        }
        if duration > role.maxSessionDuration {
            throw AWSServiceError.validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        let (tags, transitiveKeys) = try sessionTags(input, call)
        let policyARNs = (input.policyArns ?? []).compactMap(\.arn)
        let packed = try SessionPolicies.check(policy: input.policy, arns: policyARNs, tags: tags)
        try await SessionPolicies.checkExist(policyARNs, account: role.accountID, call)

        // The further permissions AWS checks, against the same role and trust policy.
        let trust = ResourcePolicy(id: roleARN, document: role.assumeRolePolicy, ownerAccountID: role.accountID)
        var keys = requestKeys(input, call)
        if input.serialNumber != nil { keys["aws:MultiFactorAuthPresent"] = ["true"] }
        if !tags.isEmpty {
            try await call.requirePermission("sts:TagSession", on: roleARN, keys: keys, resourcePolicy: trust, protocol: Self.protocol)
        }
        let carried = call.caller.session?.sourceIdentity
        if let carried, let asked = input.sourceIdentity, asked != carried {
            throw AWSServiceError.accessDenied("The source identity of a role chain cannot be changed (it is \(carried)).")
        }
        let sourceIdentity = carried ?? input.sourceIdentity
        if sourceIdentity != nil {
            try await call.requirePermission("sts:SetSourceIdentity", on: roleARN, keys: keys, resourcePolicy: trust, protocol: Self.protocol)
        }

        call.environment.roleUsage.record(role.roleID, use: RoleUse(date: call.now, region: call.region))
        let claims = SessionClaims(
            accessKeyID: SessionCredentials.newAccessKeyID(account: role.accountID), accountID: role.accountID, roleARN: roleARN,
            principalID: role.roleID, sessionName: input.roleSessionName, issuedAt: call.now,
            expiresAt: call.now.addingTimeInterval(TimeInterval(duration)), sourceIdentity: sourceIdentity, tags: tags,
            transitiveTagKeys: transitiveKeys, sessionPolicy: input.policy, sessionPolicyARNs: policyARNs,
            mfaAuthenticated: input.serialNumber != nil)
        return Output(
            credentials: try await SessionCredentials.issue(claims, call),
            assumedRoleUser: STS.AssumedRoleUser(
                assumedRoleId: "\(role.roleID):\(input.roleSessionName)",
                arn: "arn:aws:sts::\(role.accountID):assumed-role/\(role.name)/\(input.roleSessionName)"),
            packedPolicySize: packed, sourceIdentity: sourceIdentity)
    }

    /// The session's tags: the caller's transitive tags (which stay transitive and cannot be overridden)
    /// plus the requested ones; keys are unique regardless of case, and none is in the `aws:` namespace.
    static func sessionTags(_ input: Input, _ call: OperationContext) throws -> ([SessionClaims.Tag], [String]) {
        let requested = try SessionTags.requested(input.tags)
        let seen = Set(requested.map { $0.key.lowercased() })
        let requestedTransitive = input.transitiveTagKeys ?? []
        for key in requestedTransitive where !seen.contains(key.lowercased()) {
            throw AWSServiceError.invalidParameterValue("The specified transitive tag key must be included in the requested tags.")
        }
        var tags = requested
        var transitive = requestedTransitive
        if let session = call.caller.session {
            let inherited = Set(session.transitiveTagKeys.map { $0.lowercased() })
            for tag in session.tags where inherited.contains(tag.key.lowercased()) {
                if seen.contains(tag.key.lowercased()) {
                    throw AWSServiceError.invalidParameterValue(
                        "One of the specified session tags conflicts with a transitive session tag of the calling session: \(tag.key).")
                }
                tags.append(tag)
                transitive.append(tag.key)
            }
        }
        return (tags, transitive)
    }
}
