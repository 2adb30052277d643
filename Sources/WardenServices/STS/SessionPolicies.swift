import Foundation
import PostgresNIO
import WardenAWS
import WardenPolicy
import WardenShapes
import WardenStore

/// Session policies (`Policy` and `PolicyArns` of `AssumeRole`): checked when the session is made, and
/// applied on every request of the session as the ceiling AWS makes of them.
enum SessionPolicies {
    /// The id an inline session policy has in explanations.
    static let inlineID = "session-policy"
    /// The id, in explanations, of the session policy of a federated user that was passed none.
    static let noPolicyID = "no-session-policy"
    /// A policy with no permission at all (an implicit deny, not an explicit one).
    static let allowingNothing = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}"#
    /// AWS's limit on a session policy's plain text (inline and managed each).
    static let maximumPlainText = 2048
    /// At most this many `PolicyArns`.
    static let maximumARNs = 10
    /// The packed budget `PackedPolicySize` is a percentage of (policy, policy ARNs and session tags).
    static let packedBudget = 4096

    /// The compiled session policies of `session` (none for long-term keys). A managed session policy
    /// deleted since allows nothing, so the session never widens.
    /// A federated user's session passed no session policy has no permissions (AWS), so it gets one that
    /// allows nothing.
    static func compiled(for session: SessionClaims?, _ call: OperationContext) async throws -> [CompiledPolicy] {
        guard let session else { return [] }
        guard session.sessionPolicy != nil || !session.sessionPolicyARNs.isEmpty else {
            guard session.federatedName != nil else { return [] }
            return [try call.environment.compiledPolicies.policy(id: noPolicyID, document: allowingNothing)]
        }
        let cache = call.environment.compiledPolicies
        var result: [CompiledPolicy] = []
        if let text = session.sessionPolicy { result.append(try cache.policy(id: inlineID, document: text)) }
        let stored = try await customerManagedDocuments(session.sessionPolicyARNs, call.transaction)
        for arn in session.sessionPolicyARNs {
            let text = stored[arn] ?? AWSManagedPolicy.named(arn)?.document ?? PrincipalPolicies.allowNothing
            result.append(try cache.policy(id: arn, document: text))
        }
        return result
    }

    /// Managed session policies must exist when the session is made, AWS-managed or in `account` (the
    /// session's account): a session policy of another account, or none, is refused then rather than
    /// denying every request of the session later.
    /// - Throws: `InvalidParameterValue` naming the first ARN that is not such a policy.
    static func checkExist(_ arns: [String], account: String, _ call: OperationContext) async throws {
        let stored = try await customerManagedDocuments(arns.filter { ARN($0)?.accountId == account }, call.transaction)
        for arn in arns where stored[arn] == nil && AWSManagedPolicy.named(arn) == nil {
            throw AWSServiceError.invalidParameterValue("The policy \(arn) does not exist or is not in account \(account).")
        }
    }

    /// The default versions of customer managed policies by ARN, in one read.
    static func customerManagedDocuments(_ arns: [String], _ transaction: StoreTransaction) async throws -> [String: String] {
        let customer = arns.filter { !$0.hasPrefix("arn:aws:iam::aws:") }
        guard !customer.isEmpty else { return [:] }
        let rows = try await transaction.rows(
            """
            SELECT p.arn, v.document FROM iam_policies p
            JOIN iam_policy_versions v ON v.policy_id = p.policy_id AND v.version_id = p.default_version
            WHERE p.arn = ANY(\(customer))
            """,
            as: (String, String).self)
        return Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
    }

    /// Checks `Policy` and `PolicyArns` as STS does, and returns `PackedPolicySize` (percent of the budget,
    /// nil when the request passes no policy and no tags).
    /// - Throws: `MalformedPolicyDocument`, `ValidationError`, `PackedPolicyTooLarge`.
    static func check(policy: String?, arns: [String], tags: [SessionClaims.Tag]) throws -> Int? {
        var packed = 0
        if let policy {
            if policy.count > maximumPlainText {
                throw AWSServiceError.validationError(
                    "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                        + "Member must have length less than or equal to \(maximumPlainText)")
            }
            let document: PolicyDocument
            do {
                document = try PolicyDocument(json: policy)
            } catch {
                throw STS.Errors.malformedPolicyDocument(error.path.isEmpty ? error.message : "\(error.path): \(error.message)")
            }
            if let error = PolicyValidator.validate(document: document, kind: .session).first(where: { $0.severity == .error }) {
                throw STS.Errors.malformedPolicyDocument(error.path.isEmpty ? error.message : "\(error.path): \(error.message)")
            }
            packed += document.size
        }
        if arns.count > maximumARNs {
            throw AWSServiceError.validationError(
                "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: "
                    + "Member must have length less than or equal to \(maximumARNs)")
        }
        for arn in arns {
            guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("policy/") else {
                throw AWSServiceError.invalidParameterValue("The policy ARN \(arn) is invalid.")
            }
            packed += arn.utf8.count
        }
        for tag in tags { packed += tag.key.utf8.count + tag.value.utf8.count }
        guard policy != nil || !arns.isEmpty || !tags.isEmpty else { return nil }
        let percent = (packed * 100 + packedBudget - 1) / packedBudget
        if percent > 100 {
            throw STS.Errors.packedPolicyTooLarge(
                "Packed policy consumes \(percent)% of allotted space, please use smaller policy for this request.")
        }
        return percent
    }
}
