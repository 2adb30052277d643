public import WardenAWS
public import WardenShapes
import WardenStore

/// A customer managed policy's tags.
extension IAM.TagPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:TagPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let policy = try await call.customerPolicy(input.policyArn, lock: .update)
        try await call.policies.setTags(policyID: policy.policyID, try IAMTags.merge(policy.tags, adding: input.tags))
        return Output()
    }
}

extension IAM.UntagPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let policy = try await call.customerPolicy(input.policyArn, lock: .update)
        try await call.policies.setTags(policyID: policy.policyID, IAMTags.removing(input.tagKeys, from: policy.tags))
        return Output()
    }
}

extension IAM.ListPolicyTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListPolicyTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let tags: [TagRecord]
        switch try await call.managedPolicy(input.policyArn) {
        case .customer(let policy): tags = policy.tags
        case .aws: tags = []
        case nil: throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) was not found.")
        }
        let page = try IAMTags.page(tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}
