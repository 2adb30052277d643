import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Attaching managed policies to users, groups and roles, the same way for each kind.
enum PolicyAttachments {
    /// AWS's default quota of managed policies per user, group and role.
    static let quota = 10

    static func attach(_ kind: PolicyHolder.Kind, _ name: String, _ arn: String, _ call: OperationContext) async throws {
        // The holder's lock serialises attachments to it, so the quota holds under concurrent calls; the
        // policy's shared lock keeps it from being deleted meanwhile.
        let holder = try await call.holder(kind, named: name, lock: true)
        try protect(holder)
        guard let policy = try await call.managedPolicy(arn, lock: .share) else {
            throw IAM.Errors.noSuchEntity("Policy \(arn) does not exist or is not attachable.")
        }
        let attached = try await call.attachments.attached(to: holder)
        if attached.contains(policy.arn) { return }
        if attached.count >= quota {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for PoliciesPer\(kind.title): \(quota)")
        }
        try await call.attachments.attach(policyARN: policy.arn, policyID: policy.policyID, to: holder, at: call.now.wholeSeconds)
    }

    static func detach(_ kind: PolicyHolder.Kind, _ name: String, _ arn: String, _ call: OperationContext) async throws {
        let holder = try await call.holder(kind, named: name, lock: true)
        try protect(holder)
        // Resolved as attach resolves it (a customer policy's name in any case), to the ARN attach stored.
        let stored = try await call.managedPolicy(arn)?.arn ?? arn
        guard try await call.attachments.detach(policyARN: stored, from: holder) else {
            throw IAM.Errors.noSuchEntity("Policy \(arn) was not found.")
        }
    }

    static func list(
        _ kind: PolicyHolder.Kind, _ name: String, pathPrefix: String?, marker: String?, maxItems: Int?, _ call: OperationContext
    ) async throws -> Page<IAM.AttachedPolicy> {
        let holder = try await call.holder(kind, named: name)
        let arns = try await call.attachments.attached(to: holder)
            .filter { ManagedPolicyARN.path(of: $0).hasPrefix(pathPrefix ?? "/") }
        let indexed = arns.enumerated().map { ($0.offset, $0.element) }
        let page = try Pagination.page(indexed, marker: marker, maxItems: maxItems) { String(format: "%06d", $0.0) }
        return Page(
            items: page.items.map { IAM.AttachedPolicy(policyName: ManagedPolicyARN.name(of: $0.1), policyArn: $0.1) },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    /// Service-linked roles' policies are AWS's to change.
    static func protect(_ holder: PolicyHolder) throws {
        if holder.isServiceLinked {
            throw IAM.Errors.unmodifiableEntity(
                "Cannot perform the operation on the protected role '\(holder.name)' - this role is only modifiable by AWS")
        }
    }
}

extension IAM.AttachUserPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:AttachUserPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofUser: input.userName).merging(["iam:PolicyARN": [input.policyArn]]) { $1 }
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.attach(.user, input.userName, input.policyArn, call)
        return Output()
    }
}

extension IAM.AttachGroupPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:AttachGroupPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["iam:PolicyARN": [input.policyArn]] }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.attach(.group, input.groupName, input.policyArn, call)
        return Output()
    }
}

extension IAM.AttachRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:AttachRolePolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofRole: input.roleName).merging(["iam:PolicyARN": [input.policyArn]]) { $1 }
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.attach(.role, input.roleName, input.policyArn, call)
        return Output()
    }
}

extension IAM.DetachUserPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DetachUserPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofUser: input.userName).merging(["iam:PolicyARN": [input.policyArn]]) { $1 }
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.detach(.user, input.userName, input.policyArn, call)
        return Output()
    }
}

extension IAM.DetachGroupPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DetachGroupPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["iam:PolicyARN": [input.policyArn]] }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.detach(.group, input.groupName, input.policyArn, call)
        return Output()
    }
}

extension IAM.DetachRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DetachRolePolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofRole: input.roleName).merging(["iam:PolicyARN": [input.policyArn]]) { $1 }
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await PolicyAttachments.detach(.role, input.roleName, input.policyArn, call)
        return Output()
    }
}

extension IAM.ListAttachedUserPolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListAttachedUserPolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await PolicyAttachments.list(.user, input.userName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems, call)
        return Output(attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListAttachedGroupPolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListAttachedGroupPolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await PolicyAttachments.list(.group, input.groupName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems, call)
        return Output(attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListAttachedRolePolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListAttachedRolePolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await PolicyAttachments.list(.role, input.roleName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems, call)
        return Output(attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListEntitiesForPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:ListEntitiesForPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.policyArn }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let policy = try await call.managedPolicy(input.policyArn) else {
            throw IAM.Errors.noSuchEntity("Policy \(input.policyArn) was not found.")
        }
        let kinds: Set<PolicyHolder.Kind>
        switch input.entityFilter {
        case "User": kinds = [.user]
        case "Group": kinds = [.group]
        case "Role": kinds = [.role]
        case "LocalManagedPolicy": kinds = policy.policyID == nil ? [] : Set(PolicyHolder.Kind.allCases)
        case "AWSManagedPolicy": kinds = policy.policyID == nil ? Set(PolicyHolder.Kind.allCases) : []
        default: kinds = Set(PolicyHolder.Kind.allCases)
        }
        let holders = try await call.attachments.holders(
            of: policy.arn, attached: input.policyUsageFilter != "PermissionsBoundary",
            boundaries: input.policyUsageFilter != "PermissionsPolicy"
        ).filter { kinds.contains($0.kind) && $0.path.hasPrefix(input.pathPrefix ?? "/") }
        let indexed = holders.enumerated().map { ($0.offset, $0.element) }
        let page = try Pagination.page(indexed, marker: input.marker, maxItems: input.maxItems) { String(format: "%06d", $0.0) }
        let items = page.items.map(\.1)
        return Output(
            policyGroups: items.filter { $0.kind == .group }.map { IAM.PolicyGroup(groupName: $0.name, groupId: $0.id) },
            policyUsers: items.filter { $0.kind == .user }.map { IAM.PolicyUser(userName: $0.name, userId: $0.id) },
            policyRoles: items.filter { $0.kind == .role }.map { IAM.PolicyRole(roleName: $0.name, roleId: $0.id) },
            isTruncated: page.isTruncated, marker: page.marker)
    }
}
