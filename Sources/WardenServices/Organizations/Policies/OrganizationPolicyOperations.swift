import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Policies of an organization: create, read, list, change, delete. The management account may, and a member
/// account the organization delegates policy management (or reading) to.
extension Organizations.CreatePolicy: ServiceOperation {
    public static let action: RequiredAction = "organizations:CreatePolicy"

    /// The new policy has no id yet: authorized on its type's policies (`…/service_control_policy/*`).
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().policy("*", type: input.type)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        var keys = OrganizationsTags.conditionKeys(input.tags)
        keys["organizations:PolicyType"] = [input.type]
        return keys
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        guard organization.featureSet == "ALL" else {
            throw Organizations.Errors.policyTypeNotAvailableForOrganizationException(
                "You can't use the specified policy type with the feature set currently enabled for this organization.")
        }
        try OrganizationPolicyRules.validate(input.content, type: input.type)
        let tags = try OrganizationsTags.merge([], adding: input.tags ?? [])
        let policies = call.organizationPolicies(organization)
        try await policies.lockQuota(type: input.type)
        if try await policies.count(type: input.type) >= OrganizationPolicyRules.policiesPerType {
            throw Organizations.Errors.constraintViolationException(
                "You have exceeded the number of policies of type \(input.type) that you can have in an organization.",
                reason: "POLICY_NUMBER_LIMIT_EXCEEDED")
        }
        let policy = OrganizationPolicyRecord(
            policyID: AWSIdentifier.organizationsPolicyID.generate(), organizationID: organization.organizationID, type: input.type,
            name: input.name, description: input.description, content: input.content, createdAt: call.now)
        // Tagging the new policy needs its own permission, as AWS asks for `organizations:TagResource`.
        if !tags.isEmpty {
            let policyARN = OrganizationARNBuilder(organization).policy(policy.policyID, type: policy.type)
            let keys = OrganizationsTags.conditionKeys(input.tags)
            try await call.requirePermission("organizations:TagResource", on: policyARN, keys: keys, protocol: Organizations.protocol)
            // A delegated member: the organization's delegation policy must grant the tagging too.
            if organization.managementAccountID != call.accountID,
                try await !OrganizationDelegation.allows(call, in: organization, resource: policyARN, keys: keys, action: "organizations:TagResource")
            {
                throw OrganizationsAccess.managementAccountOnly
            }
        }
        do {
            try await policies.create(policy)
        } catch StoreError.duplicate {
            throw OrganizationPolicyRules.duplicateName
        }
        try await call.organizationTags(organization).set(tags, on: policy.policyID)
        return Output(policy: policy.shape(OrganizationARNBuilder(organization)))
    }
}

extension Organizations.DescribePolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:DescribePolicy"
    public static let access: OperationAccess = .read

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let policy = try await call.organizationPolicy(input.policyId, of: organization)
        return Output(policy: policy.shape(OrganizationARNBuilder(organization)))
    }
}

extension Organizations.ListPolicies: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListPolicies"

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:PolicyType": [input.filter]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let limit = OrganizationsPagination.limit(input.maxResults)
        let fetched = try await call.organizationPolicies(organization).list(
            type: input.filter, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.policyID }
        let arns = OrganizationARNBuilder(organization)
        return Output(policies: page.items.map { $0.summary(arns) }, nextToken: page.nextToken)
    }
}

extension Organizations.UpdatePolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:UpdatePolicy"

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        var policy = try await call.organizationPolicy(input.policyId, of: organization, lock: true)
        guard !policy.awsManaged else { throw OrganizationPolicyRules.immutable }
        if let content = input.content {
            try OrganizationPolicyRules.validate(content, type: policy.type)
            policy.content = content
        }
        if let name = input.name { policy.name = name }
        if let description = input.description { policy.description = description }
        do {
            try await call.organizationPolicies(organization).update(policy)
        } catch StoreError.duplicate {
            throw OrganizationPolicyRules.duplicateName
        }
        return Output(policy: policy.shape(OrganizationARNBuilder(organization)))
    }
}

extension Organizations.DeletePolicy: SingleOrganizationPolicyOperation {
    public static let action: RequiredAction = "organizations:DeletePolicy"

    public static func policyID(of input: Input) -> String { input.policyId }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        // Locked: an attachment made meanwhile either commits first (and is seen) or waits and then fails.
        let policy = try await call.organizationPolicy(input.policyId, of: organization, lock: true)
        guard !policy.awsManaged else { throw OrganizationPolicyRules.immutable }
        if try await call.policyAttachments(organization).isAttachedAnywhere(policy.policyID) {
            throw Organizations.Errors.policyInUseException(
                "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
        }
        try await call.organizationPolicies(organization).delete(id: policy.policyID)
        return Output()
    }
}
