import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Versions of a customer managed policy: at most five, ids never reused, one of them the default.
enum PolicyVersions {
    /// AWS's limit of versions per managed policy.
    static let maximum = 5
}

extension IAM.CreatePolicyVersion: ServiceOperation {
    public static let action: RequiredAction = "iam:CreatePolicyVersion"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // The policy row's lock makes the count and the next id hold under concurrent calls.
        let policy = try await call.customerPolicy(input.policyArn, lock: .update)
        try PolicyDocumentText.managed(input.policyDocument)
        if try await call.policies.versions(policyID: policy.policyID).count >= PolicyVersions.maximum {
            throw IAM.Errors.limitExceeded(
                "A managed policy can have up to \(PolicyVersions.maximum) versions. Before you create a new version, you must delete an existing version.")
        }
        let setAsDefault = input.setAsDefault ?? false
        let version = try await call.policies.addVersion(
            to: policy, document: input.policyDocument, at: call.now.wholeSeconds, setAsDefault: setAsDefault)
        return Output(policyVersion: IAM.PolicyVersion(versionId: version.versionID, isDefaultVersion: setAsDefault, createDate: version.createdAt))
    }
}

extension IAM.GetPolicyVersion: ServiceOperation {
    public static let action: RequiredAction = "iam:GetPolicyVersion"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let missing = IAM.Errors.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
        switch try await call.managedPolicy(input.policyArn) {
        case .aws(let policy):
            guard input.versionId == policy.defaultVersionID else { throw missing }
            return Output(policyVersion: policy.defaultVersion)
        case .customer(let policy):
            guard let version = try await call.policies.version(policyID: policy.policyID, versionID: input.versionId) else { throw missing }
            return Output(policyVersion: IAM.PolicyVersion(
                document: PolicyDocumentText.urlEncoded(version.document), versionId: version.versionID,
                isDefaultVersion: version.versionID == policy.defaultVersion, createDate: version.createdAt))
        case nil:
            throw missing
        }
    }
}

extension IAM.ListPolicyVersions: ServiceOperation {
    public static let action: RequiredAction = "iam:ListPolicyVersions"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let versions: [IAM.PolicyVersion]
        switch try await call.managedPolicy(input.policyArn) {
        case .aws(let policy):
            var version = policy.defaultVersion
            version.document = nil
            versions = [version]
        case .customer(let policy):
            versions = try await call.policies.versions(policyID: policy.policyID).map { version in
                IAM.PolicyVersion(versionId: version.versionID, isDefaultVersion: version.versionID == policy.defaultVersion, createDate: version.createdAt)
            }
        case nil:
            throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) was not found.")
        }
        let indexed = versions.enumerated().map { ($0.offset, $0.element) }
        let page = try Pagination.page(indexed, marker: input.marker, maxItems: input.maxItems) { String(format: "%06d", $0.0) }
        return Output(versions: page.items.map(\.1), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.DeletePolicyVersion: ServiceOperation {
    public static let action: RequiredAction = "iam:DeletePolicyVersion"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let policy = try await call.customerPolicy(input.policyArn, lock: .update)
        guard try await call.policies.version(policyID: policy.policyID, versionID: input.versionId) != nil else {
            throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
        }
        if input.versionId == policy.defaultVersion {
            throw IAM.Errors.deleteConflict("Cannot delete the default version of a policy.")
        }
        try await call.policies.deleteVersion(policyID: policy.policyID, versionID: input.versionId)
        return Output()
    }
}

extension IAM.SetDefaultPolicyVersion: ServiceOperation {
    public static let action: RequiredAction = "iam:SetDefaultPolicyVersion"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.policyARN(input.policyArn) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let policy = try await call.customerPolicy(input.policyArn, lock: .update)
        guard try await call.policies.version(policyID: policy.policyID, versionID: input.versionId) != nil else {
            throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
        }
        try await call.policies.setDefaultVersion(policyID: policy.policyID, versionID: input.versionId)
        return Output()
    }
}
