import Foundation
public import WardenAWS
import WardenShapes
public import WardenStore
import WardenPolicy

/// AWS's rules for Organizations policies: which documents each type takes, how large, how many.
public enum OrganizationPolicyRules {
    /// Policies of one type an organization may have (AWS's default quota, raisable on request: change here).
    public static let policiesPerType = 1_000

    /// Policies of `type` attached directly to one root, OU or account (fixed by AWS).
    public static func attachmentsPerTarget(_ type: String) -> Int {
        switch type {
        case "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY": 5
        default: 10
        }
    }

    /// The WardenPolicy kind of an authorization policy type; nil for management policy types.
    static func kind(_ type: String) -> PolicyKind? {
        switch type {
        case "SERVICE_CONTROL_POLICY": .scp
        case "RESOURCE_CONTROL_POLICY": .rcp
        default: nil
        }
    }

    /// The largest document of `type`, in characters, whitespace included.
    public static func maximumSize(_ type: String) -> Int {
        if let kind = kind(type) { return kind.maximumSize }
        return type == "AISERVICES_OPT_OUT_POLICY" ? 2_500 : 10_000
    }

    /// Checks a policy document for `type`. - Throws: `ConstraintViolationException`
    /// (`POLICY_CONTENT_LIMIT_EXCEEDED`) when too large, `MalformedPolicyDocumentException` naming the
    /// first problem otherwise.
    public static func validate(_ content: String, type: String) throws(AWSServiceError) {
        let limit = maximumSize(type)
        if content.utf8.count > limit {
            throw Organizations.Errors.constraintViolationException(
                "The provided policy document exceeds the maximum size of \(limit) characters for a \(type).",
                reason: "POLICY_CONTENT_LIMIT_EXCEEDED")
        }
        guard let kind = kind(type) else {
            // Management policies: a JSON object whose rules the services that read it apply.
            guard (try? JSONSerialization.jsonObject(with: Data(content.utf8))) is [String: Any] else {
                throw Organizations.Errors.malformedPolicyDocumentException(
                    "The provided policy document does not meet the requirements of the specified policy type: it is not a JSON object.")
            }
            return
        }
        guard let error = PolicyValidator.validate(json: content, kind: kind).first(where: { $0.severity == .error }) else { return }
        let problem = error.path.isEmpty ? error.message : "\(error.path): \(error.message)"
        throw Organizations.Errors.malformedPolicyDocumentException(
            "The provided policy document does not meet the requirements of the specified policy type. \(problem)")
    }

    public static let notFound = Organizations.Errors.policyNotFoundException(
        "We can't find a policy with the PolicyId that you specified.")
    public static let targetNotFound = Organizations.Errors.targetNotFoundException(
        "We can't find a root, OU, account, or policy with the TargetId that you specified.")
    public static let duplicateName = Organizations.Errors.duplicatePolicyException("A policy with the same name already exists.")
    public static let immutable = Organizations.Errors.invalidInputException(
        "You specified a policy that is managed by AWS and can't be modified.", reason: "IMMUTABLE_POLICY")
}

extension OperationContext {
    /// The policies `organization` can use, on the call's transaction.
    public func organizationPolicies(_ organization: OrganizationRecord) -> OrganizationPolicyRepository {
        OrganizationPolicyRepository(transaction: transaction, organizationID: organization.organizationID)
    }

    /// The policy attachments of `organization`, on the call's transaction.
    public func policyAttachments(_ organization: OrganizationRecord) -> PolicyAttachmentRepository {
        PolicyAttachmentRepository(transaction: transaction, organizationID: organization.organizationID)
    }

    /// The policy `policyID` of `organization` (or AWS-managed). - Throws: `PolicyNotFoundException`.
    func organizationPolicy(_ policyID: String, of organization: OrganizationRecord, lock: Bool = false) async throws -> OrganizationPolicyRecord {
        guard let policy = try await organizationPolicies(organization).policy(id: policyID, lock: lock) else {
            throw OrganizationPolicyRules.notFound
        }
        return policy
    }

    /// The policy as authorization sees it before anything is checked: its ARN (under the caller's
    /// organization; `service_control_policy` when it is not found) and its type, if found.
    /// Read once per call: the pipeline asks for the resource and for the condition keys.
    func organizationPolicyResource(_ policyID: String) async throws -> (arn: String, type: String?) {
        try await memo.value("organizationPolicyResource:" + policyID) {
            let organization = try await organizations.organization(ofAccount: accountID)
            var type: String?
            if let organization { type = try await organizationPolicies(organization).policy(id: policyID)?.type }
            let arns = organizationARNs(of: organization)
            return (arns.policy(policyID, type: type ?? "SERVICE_CONTROL_POLICY"), type)
        }
    }
}

extension OrganizationPolicyRecord {
    /// `PolicySummary` as AWS returns it.
    func summary(_ arns: OrganizationARNBuilder) -> Organizations.PolicySummary {
        Organizations.PolicySummary(
            id: policyID, arn: arns.policy(policyID, type: type), name: name, description: description, type: type, awsManaged: awsManaged)
    }

    /// `Policy` (summary and content) as AWS returns it.
    func shape(_ arns: OrganizationARNBuilder) -> Organizations.Policy {
        Organizations.Policy(policySummary: summary(arns), content: content)
    }
}

extension PolicyTargetRecord {
    /// `PolicyTargetSummary` as AWS returns it.
    func shape(_ arns: OrganizationARNBuilder) -> Organizations.PolicyTargetSummary {
        let arn: String
        switch kind {
        case .root: arn = arns.root(targetID)
        case .organizationalUnit: arn = arns.organizationalUnit(targetID)
        case .account: arn = arns.account(targetID)
        }
        return Organizations.PolicyTargetSummary(targetId: targetID, arn: arn, name: name, type: kind.rawValue)
    }
}
