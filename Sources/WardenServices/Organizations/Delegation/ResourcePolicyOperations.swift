import Foundation
public import WardenAWS
public import WardenShapes
import WardenPolicy
import WardenStore

/// The organization's resource-based delegation policy: which member accounts may read the organization
/// and manage its policies (see ``OrganizationDelegation``). One per organization, kept by the management
/// account; delegated members may read it.
extension Organizations.PutResourcePolicy: ServiceOperation {
    public static let action: RequiredAction = "organizations:PutResourcePolicy"

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        OrganizationTagInput.conditionKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let managed = try await call.managedOrganization()
        // One writer at a time: the policy and its tag count stay consistent.
        guard let organization = try await call.organizations.organization(id: managed.organizationID, lockForUpdate: true) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        try ResourcePolicyRules.validate(input.content)
        let tags = try OrganizationTagInput.records(input.tags)
        if !tags.isEmpty {
            try await call.requirePermission(
                "organizations:TagResource", on: "*", keys: OrganizationTagInput.conditionKeys(input.tags), protocol: Organizations.protocol)
        }
        let policies = call.resourcePolicies(of: organization)
        let policy = try await policies.put(content: input.content, newPolicyID: ResourcePolicyRules.newID(), at: call.now)
        if !tags.isEmpty {
            let existing = try await OrganizationTagRepository(transaction: call.transaction, organizationID: organization.organizationID)
                .tags(of: policy.policyID).map(\.key)
            guard Set(existing).union(tags.map(\.key)).count <= OrganizationalUnitLimits.maxTags else {
                throw Organizations.Errors.constraintViolationException(
                    "You have exceeded the maximum number of tags allowed on this resource.", reason: "MAX_TAG_LIMIT_EXCEEDED")
            }
            try await OrganizationTagRepository(transaction: call.transaction, organizationID: organization.organizationID).set(tags, on: policy.policyID)
        }
        return Output(resourcePolicy: policy.shape(OrganizationARNBuilder(organization)))
    }
}

extension Organizations.DescribeResourcePolicy: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeResourcePolicy"
    public static var access: OperationAccess { .read }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        guard let policy = try await call.resourcePolicies(of: organization).policy() else { throw ResourcePolicyRules.notFound }
        return Output(resourcePolicy: policy.shape(OrganizationARNBuilder(organization)))
    }
}

extension Organizations.DeleteResourcePolicy: ServiceOperation {
    public static let action: RequiredAction = "organizations:DeleteResourcePolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        guard try await call.resourcePolicies(of: organization).delete() else { throw ResourcePolicyRules.notFound }
        return Output()
    }
}

extension OperationContext {
    /// The resource policy of `organization`, on the call's transaction.
    func resourcePolicies(of organization: OrganizationRecord) -> OrganizationResourcePolicyRepository {
        OrganizationResourcePolicyRepository(transaction: transaction, organizationID: organization.organizationID)
    }
}

extension OrganizationResourcePolicyRecord {
    /// The `ResourcePolicy` shape: `arn:aws:organizations::MANAGEMENT:resourcepolicy/o-…/rp-…` and the text.
    func shape(_ arns: OrganizationARNBuilder) -> Organizations.ResourcePolicy {
        Organizations.ResourcePolicy(
            resourcePolicySummary: Organizations.ResourcePolicySummary(id: policyID, arn: arns.resourcePolicy(policyID)), content: content)
    }
}

/// What AWS requires of a delegation policy, and its errors.
enum ResourcePolicyRules {
    static let notFound = Organizations.Errors.resourcePolicyNotFoundException(
        "We can't find a resource policy request with the parameter that you specified.")

    /// A new policy id: `rp-` and 8 lowercase letters or digits.
    static func newID() -> String { "rp-" + AWSIdentifier.handshakeID.generate().dropFirst(2).prefix(8) }

    /// Checks the text as a resource-based policy (a `Principal` in every statement, valid actions, …); its
    /// size is the model's (40,000 characters), not IAM's resource-policy limit.
    /// - Throws: `InvalidInputException` naming the first problem.
    static func validate(_ content: String) throws(AWSServiceError) {
        let findings = PolicyValidator.validate(json: content, kind: .resource)
        guard let error = findings.first(where: { $0.severity == .error && !($0.path.isEmpty && $0.message.hasPrefix("policy is ")) }) else {
            return
        }
        let problem = error.path.isEmpty ? error.message : "\(error.path): \(error.message)"
        throw Organizations.Errors.invalidInputException("The provided policy document isn't a valid resource policy. \(problem)")
    }
}
