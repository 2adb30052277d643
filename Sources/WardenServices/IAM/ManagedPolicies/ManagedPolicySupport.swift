import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

/// The parts of a managed policy's ARN: `arn:aws:iam::ACCOUNT:policy/PATH/NAME` (`ACCOUNT` is `aws`
/// for AWS-managed policies).
struct ManagedPolicyARN: Sendable, Hashable {
    let account: String
    let path: String
    let name: String

    init?(_ arn: String) {
        let prefix = "arn:aws:iam::"
        guard arn.hasPrefix(prefix) else { return nil }
        let rest = arn.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let resource = rest[rest.index(after: colon)...]
        guard resource.hasPrefix("policy/"), let slash = resource.lastIndex(of: "/") else { return nil }
        account = String(rest[..<colon])
        path = String(resource[resource.index(resource.startIndex, offsetBy: "policy".count)...slash])
        name = String(resource[resource.index(after: slash)...])
        guard !name.isEmpty else { return nil }
    }

    /// The path of the policy an ARN names (`/` when it cannot be parsed), for `PathPrefix` filters.
    static func path(of arn: String) -> String { ManagedPolicyARN(arn)?.path ?? "/" }

    /// The name of the policy an ARN names.
    static func name(of arn: String) -> String { ManagedPolicyARN(arn)?.name ?? String(arn.split(separator: "/").last ?? "") }
}

/// A managed policy a call names: the account's own, or one of AWS's.
enum ManagedPolicy: Sendable {
    case customer(IAMPolicyRecord)
    case aws(AWSManagedPolicy)

    var arn: String {
        switch self {
        case .customer(let policy): policy.arn
        case .aws(let policy): policy.arn
        }
    }

    var name: String {
        switch self {
        case .customer(let policy): policy.name
        case .aws(let policy): policy.name
        }
    }

    var path: String {
        switch self {
        case .customer(let policy): policy.path
        case .aws(let policy): policy.path
        }
    }

    /// The customer managed policy's id, nil for AWS's.
    var policyID: String? {
        if case .customer(let policy) = self { return policy.policyID }
        return nil
    }
}

extension OperationContext {
    /// The account's customer managed policies, on the call's transaction.
    public var policies: PolicyRepository { PolicyRepository(transaction: transaction, accountID: accountID) }
    /// Managed-policy attachments of the account.
    public var attachments: AttachmentRepository { AttachmentRepository(transaction: transaction, accountID: accountID) }
    /// Users, groups and roles by name, for the policy operations.
    public var policyHolders: PolicyHolderRepository { PolicyHolderRepository(transaction: transaction, accountID: accountID) }

    /// The user, group or role `name`. - Throws: `NoSuchEntity` in AWS's words.
    public func holder(_ kind: PolicyHolder.Kind, named name: String, lock: Bool = false) async throws -> PolicyHolder {
        guard let holder = try await policyHolders.named(kind, name, lock: lock) else {
            throw IAM.Errors.noSuchEntity("The \(kind.rawValue) with name \(name) cannot be found.")
        }
        return holder
    }

    /// The ARN of the user, group or role `name` for authorization: the stored entity's path and the
    /// case of its stored name when it exists (a Deny on `user/Admin` holds for `admin`), else `/NAME`.
    public func holderARN(_ kind: PolicyHolder.Kind, _ name: String) async throws -> String {
        let found = try await policyHolders.named(kind, name)
        let path = found?.path ?? "/"
        let stored = found?.name ?? name
        switch kind {
        case .user: return arn.user(path: path, name: stored)
        case .group: return arn.group(path: path, name: stored)
        case .role: return arn.role(path: path, name: stored)
        }
    }

    /// The ARN of managed policy `arn` for authorization: the stored policy's own ARN (the case of its
    /// path and name) when the account has it, else `arn` as given.
    public func policyARN(_ arn: String) async throws -> String {
        guard AWSManagedPolicy.named(arn) == nil, let parts = ManagedPolicyARN(arn), parts.account == accountID else { return arn }
        return try await policies.named(parts.name, path: parts.path)?.arn ?? arn
    }

    /// The managed policy `arn` names in this account (or AWS's), or nil.
    func managedPolicy(_ arn: String, lock: PolicyRepository.Lock = .none) async throws -> ManagedPolicy? {
        if let policy = AWSManagedPolicy.named(arn) { return .aws(policy) }
        guard let parts = ManagedPolicyARN(arn), parts.account == accountID else { return nil }
        return try await policies.named(parts.name, path: parts.path, lock: lock).map(ManagedPolicy.customer)
    }

    /// The account's own managed policy `arn` names.
    /// - Throws: `NoSuchEntity` ("Policy … was not found.") for a missing or AWS-managed policy, which
    ///   the account cannot change.
    func customerPolicy(_ arn: String, lock: PolicyRepository.Lock = .none) async throws -> IAMPolicyRecord {
        guard let parts = ManagedPolicyARN(arn), parts.account == accountID,
            let policy = try await policies.named(parts.name, path: parts.path, lock: lock)
        else {
            throw IAM.Errors.noSuchEntity("Policy \(arn) was not found.")
        }
        return policy
    }
}

extension IAMPolicyRecord {
    /// The wire shape (`Policy`); `ListPolicies` leaves out the description and tags, as AWS does.
    func shape(detailed: Bool = true) -> IAM.Policy {
        IAM.Policy(
            policyName: name, policyId: policyID, arn: arn, path: path, defaultVersionId: defaultVersion, attachmentCount: attachmentCount,
            permissionsBoundaryUsageCount: boundaryUsageCount, isAttachable: true, description: detailed ? description : nil,
            createDate: createdAt, updateDate: updatedAt, tags: detailed ? IAMTags.shape(tags) : nil)
    }
}

extension AWSManagedPolicy {
    /// The wire shape (`Policy`), with this account's use of it.
    func shape(usage: PolicyUsage, detailed: Bool = true) -> IAM.Policy {
        IAM.Policy(
            policyName: name, policyId: policyID, arn: arn, path: path, defaultVersionId: defaultVersionID,
            attachmentCount: usage.attachments, permissionsBoundaryUsageCount: usage.boundaries, isAttachable: true,
            description: detailed ? description : nil, createDate: Self.date(createDate), updateDate: Self.date(updateDate))
    }

    /// The default version (the only one Warden has of an AWS-managed policy).
    var defaultVersion: IAM.PolicyVersion {
        IAM.PolicyVersion(
            document: PolicyDocumentText.urlEncoded(document), versionId: defaultVersionID, isDefaultVersion: true,
            createDate: Self.date(updateDate))
    }

    static func date(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
}
