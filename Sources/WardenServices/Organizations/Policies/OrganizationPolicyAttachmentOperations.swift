import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Attaching policies to roots, OUs and accounts, and listing who has what. AWS authorizes attaching and
/// detaching on the policy and on the target.
extension Organizations.AttachPolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:AttachPolicy"

    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] {
        try await call.organizationARNs().resource(id: input.targetId).map { [$0] } ?? []
    }

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let policy = try await call.organizationPolicy(input.policyId, of: organization)
        let attachments = call.policyAttachments(organization)
        // The target's row is held until commit: concurrent attachments to it count one after another.
        guard let target = try await attachments.target(input.targetId, lock: true) else { throw OrganizationPolicyRules.targetNotFound }
        guard try await call.organizations.enabledPolicyTypes(of: organization.organizationID).contains(policy.type) else {
            throw Organizations.Errors.policyTypeNotEnabledException(
                "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.")
        }
        if try await attachments.isAttached(policy.policyID, to: target.targetID) { throw duplicate }
        let limit = OrganizationPolicyRules.attachmentsPerTarget(policy.type)
        if try await attachments.count(attachedTo: target.targetID, type: policy.type) >= limit {
            throw Organizations.Errors.constraintViolationException(
                "You have attached the maximum number of policies of type \(policy.type) (\(limit)) to this target.",
                reason: "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
        }
        do {
            try await attachments.attach(policy, to: target, at: call.now)
        } catch StoreError.duplicate {
            throw duplicate
        } catch StoreError.conflict {
            // The policy was deleted meanwhile.
            throw OrganizationPolicyRules.notFound
        }
        return Output()
    }

    static let duplicate = Organizations.Errors.duplicatePolicyAttachmentException(
        "The selected policy is already attached to the specified target.")
}

extension Organizations.DetachPolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:DetachPolicy"

    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] {
        try await call.organizationARNs().resource(id: input.targetId).map { [$0] } ?? []
    }

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let policy = try await call.organizationPolicy(input.policyId, of: organization)
        let attachments = call.policyAttachments(organization)
        guard let target = try await attachments.target(input.targetId, lock: true) else { throw OrganizationPolicyRules.targetNotFound }
        guard try await attachments.isAttached(policy.policyID, to: target.targetID) else {
            throw Organizations.Errors.policyNotAttachedException("The policy isn't attached to the specified target in the specified root.")
        }
        if policy.policyID == "p-RCPFullAWSAccess" {
            throw Organizations.Errors.invalidInputException("You can't detach this AWS Managed Policy.", reason: "NON_DETACHABLE_POLICY")
        }
        // Every root, OU and account keeps at least one SCP.
        if policy.type == "SERVICE_CONTROL_POLICY", try await attachments.count(attachedTo: target.targetID, type: policy.type) <= 1 {
            throw Organizations.Errors.constraintViolationException(
                "You cannot remove the last service control policy from a root, OU, or account. Attach another SCP first.",
                reason: "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
        }
        try await attachments.detach(policy.policyID, from: target.targetID)
        return Output()
    }
}

extension Organizations.ListPoliciesForTarget: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListPoliciesForTarget"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().resource(id: input.targetId) ?? "*"
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:PolicyType": [input.filter]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let attachments = call.policyAttachments(organization)
        guard let target = try await attachments.target(input.targetId) else { throw OrganizationPolicyRules.targetNotFound }
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await attachments.policies(
            attachedTo: target.targetID, type: input.filter, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.policyID }
        let arns = OrganizationARNBuilder(organization)
        return Output(policies: page.items.map { $0.summary(arns) }, nextToken: page.nextToken)
    }
}

extension Organizations.ListTargetsForPolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:ListTargetsForPolicy"

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let policy = try await call.organizationPolicy(input.policyId, of: organization)
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await call.policyAttachments(organization).targets(
            of: policy.policyID, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.targetID }
        let arns = OrganizationARNBuilder(organization)
        return Output(targets: page.items.map { $0.shape(arns) }, nextToken: page.nextToken)
    }
}
