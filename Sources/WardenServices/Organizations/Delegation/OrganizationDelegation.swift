import Foundation
import WardenAWS
import WardenPolicy
import WardenStore

/// Which member accounts may call what is otherwise the management account's, as AWS delegates it:
///
/// - a member registered as delegated administrator for any service reads the organization (AWS:
///   `RegisterDelegatedAdministrator` "grants read-only access to Organizations service data");
/// - a member the organization's resource-based delegation policy allows (`PutResourcePolicy`) may call
///   the actions it names among those AWS lets the policy delegate: any read-only action and policy
///   management (create, update, delete, attach, detach, tag and untag policies).
///
/// The caller's own identity policies were already checked by the pipeline; this is the organization's
/// side of the cross-account request.
enum OrganizationDelegation {
    /// The write actions a delegation policy can grant (AWS's policy-management delegation).
    static let delegableWrites: Set<String> = [
        "CreatePolicy", "UpdatePolicy", "DeletePolicy", "AttachPolicy", "DetachPolicy", "TagResource", "UntagResource",
    ]

    /// Read-only actions: `Describe*` and `List*`.
    static func isRead(_ name: String) -> Bool { name.hasPrefix("Describe") || name.hasPrefix("List") }

    /// Whether the member caller may call the operation's action (or `action`, a further permission the call
    /// needs, such as `organizations:TagResource` for a new policy's tags) on `resource` in `organization`.
    static func allows(
        _ call: OperationContext, in organization: OrganizationRecord, resource: String, keys: [String: [String]], action: String? = nil
    ) async throws -> Bool {
        guard let action = action ?? call.action.name, action.hasPrefix("organizations:") else { return false }
        let name = String(action.dropFirst("organizations:".count))
        guard isRead(name) || delegableWrites.contains(name) else { return false }
        if isRead(name),
            try await DelegatedAdministratorRepository(transaction: call.transaction, organizationID: organization.organizationID)
                .isAdministrator(call.accountID)
        {
            return true
        }
        guard
            let policy = try await OrganizationResourcePolicyRepository(transaction: call.transaction, organizationID: organization.organizationID)
                .policy()
        else { return false }
        let compiled = try call.environment.compiledPolicies.policy(id: policy.policyID, document: policy.content)
        var context = RequestContext(multiValued: keys)
        for (key, value) in GlobalConditionKeys.values(for: call) where context[key] == nil {
            context[key] = value
        }
        let request = AuthorizationRequest(principal: call.caller.principal(), action: action, resource: resource, context: context)
        // A cross-account request to the management account: the caller's side stands allowed (the pipeline
        // decided it), so the delegation policy decides; it must allow the caller, and a Deny in it refuses.
        let callerSide = try call.environment.compiledPolicies.policy(id: "warden-caller-side-authorized", document: callerSideAllowed)
        let policies = PolicySet(
            identityPolicies: [callerSide], resourcePolicy: compiled, resourceAccount: organization.managementAccountID,
            resourceAccountIsManagementAccount: true)
        return Authorizer.authorize(request, policies).isAllowed
    }

    /// Stands for the caller's own policies, already found to allow the call.
    static let callerSideAllowed = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
}
