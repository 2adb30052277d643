import Foundation
public import WardenAWS
import WardenPolicy
public import WardenShapes
public import WardenStore

/// Inline policies of users, groups and roles, the same way for each kind.
enum InlinePolicies {
    static func kind(_ holder: PolicyHolder.Kind) -> PolicyKind {
        switch holder {
        case .user: .identity(.userInline)
        case .group: .identity(.groupInline)
        case .role: .identity(.roleInline)
        }
    }

    /// Characters IAM counts against its size limits: all but whitespace.
    static func size(_ document: String) -> Int {
        document.unicodeScalars.reduce(0) { count, scalar in
            switch scalar {
            case " ", "\t", "\n", "\r": count
            default: count + 1
            }
        }
    }

    static func put(_ kind: PolicyHolder.Kind, _ name: String, policyName: String, document json: String, _ call: OperationContext) async throws {
        // The holder's lock serialises changes to its policies, so the aggregate size holds.
        let holder = try await call.holder(kind, named: name, lock: true)
        try PolicyAttachments.protect(holder)
        let document = try PolicyDocumentText.parse(json)
        let policyKind = Self.kind(kind)
        let others = try await call.inlinePolicies.all(on: holder).filter { $0.name.lowercased() != policyName.lowercased() }
        let total = others.reduce(document.size) { $0 + size($1.document) }
        if total > policyKind.maximumSize {
            throw IAM.Errors.limitExceeded("Maximum policy size of \(policyKind.maximumSize) bytes exceeded for \(kind.rawValue) \(holder.name)")
        }
        try PolicyDocumentText.validate(document, kind: policyKind)
        try await call.inlinePolicies.put(InlinePolicyRecord(name: policyName, document: json), on: holder, at: call.now)
    }

    static func get(_ kind: PolicyHolder.Kind, _ name: String, policyName: String, _ call: OperationContext) async throws -> (PolicyHolder, InlinePolicyRecord) {
        let holder = try await call.holder(kind, named: name)
        guard let policy = try await call.inlinePolicies.named(policyName, on: holder) else {
            throw IAM.Errors.noSuchEntity("The \(kind.rawValue) policy with name \(policyName) cannot be found.")
        }
        return (holder, policy)
    }

    static func delete(_ kind: PolicyHolder.Kind, _ name: String, policyName: String, _ call: OperationContext) async throws {
        let holder = try await call.holder(kind, named: name, lock: true)
        try PolicyAttachments.protect(holder)
        guard try await call.inlinePolicies.delete(policyName, on: holder) else {
            throw IAM.Errors.noSuchEntity("The \(kind.rawValue) policy with name \(policyName) cannot be found.")
        }
    }

    static func names(_ kind: PolicyHolder.Kind, _ name: String, marker: String?, maxItems: Int?, _ call: OperationContext) async throws -> Page<String> {
        let holder = try await call.holder(kind, named: name)
        let names = try await call.inlinePolicies.all(on: holder).map(\.name)
        return try Pagination.page(names, marker: marker, maxItems: maxItems) { $0.lowercased() }
    }
}

extension OperationContext {
    /// Inline policies of the account's users, groups and roles.
    public var inlinePolicies: InlinePolicyRepository { InlinePolicyRepository(transaction: transaction, accountID: accountID) }
}

extension IAM.PutUserPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:PutUserPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofUser: input.userName)
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.put(.user, input.userName, policyName: input.policyName, document: input.policyDocument, call)
        return Output()
    }
}

extension IAM.PutGroupPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:PutGroupPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.put(.group, input.groupName, policyName: input.policyName, document: input.policyDocument, call)
        return Output()
    }
}

extension IAM.PutRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:PutRolePolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofRole: input.roleName)
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.put(.role, input.roleName, policyName: input.policyName, document: input.policyDocument, call)
        return Output()
    }
}

extension IAM.GetUserPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetUserPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (holder, policy) = try await InlinePolicies.get(.user, input.userName, policyName: input.policyName, call)
        return Output(userName: holder.name, policyName: policy.name, policyDocument: PolicyDocumentText.urlEncoded(policy.document))
    }
}

extension IAM.GetGroupPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetGroupPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (holder, policy) = try await InlinePolicies.get(.group, input.groupName, policyName: input.policyName, call)
        return Output(groupName: holder.name, policyName: policy.name, policyDocument: PolicyDocumentText.urlEncoded(policy.document))
    }
}

extension IAM.GetRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetRolePolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (holder, policy) = try await InlinePolicies.get(.role, input.roleName, policyName: input.policyName, call)
        return Output(roleName: holder.name, policyName: policy.name, policyDocument: PolicyDocumentText.urlEncoded(policy.document))
    }
}

extension IAM.DeleteUserPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteUserPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofUser: input.userName)
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.delete(.user, input.userName, policyName: input.policyName, call)
        return Output()
    }
}

extension IAM.DeleteGroupPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteGroupPolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.delete(.group, input.groupName, policyName: input.policyName, call)
        return Output()
    }
}

extension IAM.DeleteRolePolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteRolePolicy"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.permissionsBoundaryKey(ofRole: input.roleName)
    }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await InlinePolicies.delete(.role, input.roleName, policyName: input.policyName, call)
        return Output()
    }
}

extension IAM.ListUserPolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListUserPolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.user, input.userName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await InlinePolicies.names(.user, input.userName, marker: input.marker, maxItems: input.maxItems, call)
        return Output(policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListGroupPolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListGroupPolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.group, input.groupName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await InlinePolicies.names(.group, input.groupName, marker: input.marker, maxItems: input.maxItems, call)
        return Output(policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.ListRolePolicies: ServiceOperation {
    public static let action: RequiredAction = "iam:ListRolePolicies"
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.holderARN(.role, input.roleName) }
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let page = try await InlinePolicies.names(.role, input.roleName, marker: input.marker, maxItems: input.maxItems, call)
        return Output(policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}
