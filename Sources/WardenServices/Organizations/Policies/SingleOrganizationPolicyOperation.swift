public import WardenAWS

/// An operation on one organization policy (describe, update, delete, attach, detach, list its targets): AWS
/// authorizes it on the policy's ARN, with the policy's type as `organizations:PolicyType`.
public protocol SingleOrganizationPolicyOperation: ServiceOperation {
    /// The policy the input names.
    static func policyID(of input: Input) -> String
}

extension SingleOrganizationPolicyOperation {
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationPolicyResource(policyID(of: input)).arn
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.organizationPolicyResource(policyID(of: input)).type.map { ["organizations:PolicyType": [$0]] } ?? [:]
    }
}
