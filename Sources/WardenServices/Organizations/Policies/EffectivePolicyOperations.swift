import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// An account's effective management policy (tag, backup, AI opt-out, …): the policies of the type
/// attached from the root down to the account, merged with the inheritance operators. AWS offers it
/// for management policy types only — the model refuses SCPs and RCPs before this runs.
extension Organizations.DescribeEffectivePolicy: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeEffectivePolicy"
    public static let access: OperationAccess = .read

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().resource(id: input.targetId ?? call.accountID) ?? "*"
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:PolicyType": [input.policyType]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // Any account of the organization may ask for its own; for others', the management account or a
        // member it delegates reading to.
        let targetID = input.targetId ?? call.accountID
        let organization =
            targetID == call.accountID
            ? try await call.callerOrganization()
            : try await call.managedOrganization(delegable: true)
        guard AWSIdentifier.accountID.isValid(targetID) else {
            throw Organizations.Errors.invalidInputException(
                "You can't perform the specified operation on that target entity.", reason: "TARGET_NOT_SUPPORTED")
        }
        let attachments = call.policyAttachments(organization)
        guard try await attachments.target(targetID) != nil else { throw OrganizationPolicyRules.targetNotFound }
        guard try await call.organizations.enabledPolicyTypes(of: organization.organizationID).contains(input.policyType) else {
            throw notFound
        }
        var policies: [OrganizationPolicyRecord] = []
        for node in try await attachments.path(toAccount: targetID) {
            policies += try await attachments.policies(attachedTo: node, type: input.policyType)
        }
        guard !policies.isEmpty, let content = ManagementPolicyInheritance.effective(policies.map(\.content)) else { throw notFound }
        return Output(
            effectivePolicy: Organizations.EffectivePolicy(
                policyContent: content, lastUpdatedTimestamp: policies.map(\.createdAt).max(), targetId: targetID, policyType: input.policyType))
    }

    static let notFound = Organizations.Errors.effectivePolicyNotFoundException(
        "An effective policy of this type doesn't exist for the specified account.")
}

/// Management-policy inheritance: each level's document merged over its parent's, then the operators
/// removed. `@@assign` replaces, `@@append` adds to a list, `@@remove` takes away from one; a plain value
/// replaces; objects merge key by key. (`@@operators_allowed_for_child_policies` is not enforced: it is
/// dropped from the result.)
enum ManagementPolicyInheritance {
    /// The effective document of `documents` (root first), as compact JSON with sorted keys; nil when
    /// none parses as a JSON object.
    static func effective(_ documents: [String]) -> String? {
        var merged: [String: Any] = [:]
        var any = false
        for document in documents {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] else { continue }
            merged = merge(merged, object)
            any = true
        }
        guard any, let data = try? JSONSerialization.data(withJSONObject: resolve(merged), options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func merge(_ parent: [String: Any], _ child: [String: Any]) -> [String: Any] {
        var result = parent
        for (key, value) in child {
            if let operators = value as? [String: Any], operators.keys.contains(where: { $0.hasPrefix("@@") }) {
                result[key] = apply(operators, to: result[key])
            } else if let object = value as? [String: Any] {
                result[key] = merge(result[key] as? [String: Any] ?? [:], object)
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// A child's operators applied to the inherited value.
    static func apply(_ operators: [String: Any], to inherited: Any?) -> Any {
        var value: Any? = inherited.map(resolve)
        if let assigned = operators["@@assign"] { value = assigned }
        if let appended = operators["@@append"] {
            value = list(value) + list(appended)
        }
        if let removed = operators["@@remove"] {
            let gone = Set(list(removed).map { "\($0)" })
            value = list(value).filter { !gone.contains("\($0)") }
        }
        var rest = operators.filter { !$0.key.hasPrefix("@@") }
        if !rest.isEmpty {
            rest = merge(value as? [String: Any] ?? [:], rest)
            return rest
        }
        return value ?? NSNull()
    }

    static func list(_ value: Any?) -> [Any] {
        switch value {
        case nil: []
        case let array as [Any]: array
        case let single?: [single]
        }
    }

    /// The document without operators: `{"@@assign": x}` becomes `x`, other `@@` keys go.
    static func resolve(_ value: Any) -> Any {
        guard let object = value as? [String: Any] else {
            if let array = value as? [Any] { return array.map(resolve) }
            return value
        }
        if let assigned = object["@@assign"] { return resolve(assigned) }
        var result: [String: Any] = [:]
        for (key, child) in object where !key.hasPrefix("@@") { result[key] = resolve(child) }
        return result
    }
}
