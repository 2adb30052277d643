import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Customer managed policies: create, read, list, delete; AWS-managed ones are read-only.
extension IAM.CreatePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:CreatePolicy"
    /// A new entity under a new id: no cached policy set, guardrail or key refers to it yet (keys are never
    /// cached as missing), so creating one empties no cache.
    public static var changeScope: ChangeScope { .nothingCached }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.policy(path: input.path ?? "/", name: input.policyName)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try PolicyDocumentText.managed(input.policyDocument)
        let tags = try IAMTags.initial(input.tags)
        let policy = IAMPolicyRecord(
            policyID: AWSIdentifier.managedPolicyID.generate(), accountID: call.accountID, name: input.policyName, path: input.path ?? "/",
            description: input.description, tags: tags, createdAt: call.now.wholeSeconds, updatedAt: call.now.wholeSeconds)
        do {
            try await call.policies.create(policy, document: input.policyDocument)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("A policy called \(input.policyName) already exists. Duplicate names are not allowed.")
        }
        return Output(policy: policy.shape())
    }
}

extension IAM.GetPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        switch try await call.managedPolicy(input.policyArn) {
        case .customer(let policy):
            return Output(policy: policy.shape())
        case .aws(let policy):
            let usage = try await call.policies.usage(of: [policy.arn])[policy.arn] ?? PolicyUsage()
            return Output(policy: policy.shape(usage: usage))
        case nil:
            throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) was not found.")
        }
    }
}

extension IAM.ListPolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListPolicies"

    /// AWS authorizes listing on the path prefix: `arn:aws:iam::ACCOUNT:policy/`.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.policy(path: input.pathPrefix ?? "/", name: "")
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let limit = input.maxItems ?? Pagination.defaultMaxItems
        let after = try Pagination.start(after: input.marker)
        let scope = input.scope ?? "All"
        let pathPrefix = input.pathPrefix ?? "/"
        let onlyAttached = input.onlyAttached ?? false
        let boundariesOnly = input.policyUsageFilter == "PermissionsBoundary"
        let attachedOnly = onlyAttached && !boundariesOnly
        // AWS's policies are shaped once the page is known: their usage is counted for that page only.
        var listed: [(key: String, policy: IAM.Policy?, aws: AWSManagedPolicy?)] = []
        if scope != "AWS" {
            let local = try await call.policies.list(
                pathPrefix: pathPrefix, after: after, limit: limit + 1, attachedOnly: attachedOnly, boundariesOnly: boundariesOnly)
            listed += local.map { (key: PolicyRepository.sortKey(name: $0.name, arn: $0.arn), policy: $0.shape(detailed: false), aws: nil) }
        }
        if scope != "Local" {
            var candidates = AWSManagedPolicy.catalog.filter { policy in
                policy.path.hasPrefix(pathPrefix)
                    && after.map { PolicyRepository.sortKey(name: policy.name, arn: policy.arn) > $0 } ?? true
            }
            if attachedOnly || boundariesOnly {
                let used = try await call.policies.awsManagedPoliciesInUse(asBoundary: boundariesOnly)
                candidates = candidates.filter { used.contains($0.arn) }
            }
            listed += candidates.map { (key: PolicyRepository.sortKey(name: $0.name, arn: $0.arn), policy: nil, aws: $0) }
        }
        listed.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let page = Pagination.page(Array(listed.prefix(limit + 1)), limit: limit) { $0.key }
        let usage = try await call.policies.usage(of: page.items.compactMap { $0.aws?.arn })
        let policies = page.items.compactMap { item in
            item.policy ?? item.aws.map { $0.shape(usage: usage[$0.arn] ?? PolicyUsage(), detailed: false) }
        }
        return Output(policies: policies, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.DeletePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DeletePolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        _ = try await call.customerPolicy(input.policyArn, lock: .update)
        // Counted again once locked: a statement that waited for the lock may have counted before it.
        let policy = try await call.customerPolicy(input.policyArn)
        if policy.attachmentCount > 0 || policy.boundaryUsageCount > 0 {
            throw IAM.Errors.deleteConflict("Cannot delete a policy attached to entities.")
        }
        if try await call.policies.versions(policyID: policy.policyID).count > 1 {
            throw IAM.Errors.deleteConflict(
                "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
        }
        try await call.policies.delete(policyID: policy.policyID)
        return Output()
    }
}
