/// The policy layers of AWS's evaluation flow, in the order they are evaluated.
public enum PolicyLayer: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case resourceControlPolicy = "RCP"
    case serviceControlPolicy = "SCP"
    case resourcePolicy = "resource-based policy"
    case identityPolicy = "identity-based policy"
    case permissionsBoundary = "permissions boundary"
    case sessionPolicy = "session policy"
    /// The account root user, allowed without identity policies.
    case rootUser = "root user"

    public var description: String { rawValue }
}

/// A statement of a policy that took part in a decision.
public struct PolicyReference: Sendable, Hashable, CustomStringConvertible {
    public var layer: PolicyLayer
    /// The policy's id or ARN, as given to ``CompiledPolicy``.
    public var policyId: String
    public var statement: StatementReference
    /// For SCPs and RCPs: the organization node the policy is attached to.
    public var organizationNode: String?
    public var organizationNodeKind: OrganizationLevel.Kind?

    public var description: String {
        var text = "\(layer) \(policyId) statement \(statement)"
        if let organizationNode { text += " attached to \(organizationNode)" }
        return text
    }
}

/// Why a decision was made: which layer decided, on which policy statement (or, for an
/// implicit deny, where no statement allowed), and which condition keys the request lacked.
public struct Explanation: Sendable, Hashable, CustomStringConvertible {
    /// The layer that decided.
    public var layer: PolicyLayer
    /// The deciding statement: the deny for an explicit deny, the allow for an allow,
    /// `nil` for an implicit deny.
    public var decidingStatement: PolicyReference?
    /// Other statements the allow needed (the resource policy of a cross-account request).
    public var supportingStatements: [PolicyReference]
    /// For an implicit deny by SCPs/RCPs: the organization node where nothing allowed.
    public var organizationNode: String?
    public var organizationNodeKind: OrganizationLevel.Kind?
    public var effect: DecisionEffect
    public var action: String
    public var resource: String
    /// Extra words for implicit denies (cross-account, boundary, …).
    public var reason: String?
    /// Condition keys that statements matching the action and resource used but the request lacked.
    public var missingContextKeys: ContextKeyList
    /// The condition keys the request was decided with (the principal's included), for explaining a
    /// denial after the fact (`DecodeAuthorizationMessage`).
    public var requestContext = RequestContext()

    public var description: String {
        var text: String
        switch effect {
        case .explicitDeny:
            text = "explicitly denied by \(decidingStatement.map(\.description) ?? layer.description)"
        case .allow:
            if let decidingStatement {
                text = "allowed by \(decidingStatement)"
            } else {
                text = "allowed as \(layer)"
            }
            for supporting in supportingStatements { text += " and \(supporting)" }
        case .implicitDeny:
            switch layer {
            case .serviceControlPolicy, .resourceControlPolicy:
                text = "implicitly denied: no \(layer) attached to \(organizationNode ?? "?") allows \(action)"
            case .identityPolicy:
                text = "implicitly denied: no identity-based policy allows \(action) on \(resource)"
            case .resourcePolicy:
                text = "implicitly denied: no resource-based policy allows \(action) on \(resource)"
            case .permissionsBoundary:
                text = "implicitly denied: the permissions boundary does not allow \(action) on \(resource)"
            case .sessionPolicy:
                text = "implicitly denied: no session policy allows \(action) on \(resource)"
            case .rootUser:
                text = "implicitly denied"
            }
        }
        if let reason { text += " (\(reason))" }
        if !missingContextKeys.isEmpty {
            text += "; request lacks context key\(missingContextKeys.count == 1 ? "" : "s") \(missingContextKeys.joined(separator: ", "))"
        }
        return text
    }
}
