/// Every policy that applies to one request, grouped by layer. Build it once per principal
/// and resource (it indexes the statements); evaluate many requests against it.
public struct PolicySet: Sendable {
    /// Managed and inline policies of the user (and its groups) or role.
    public var identityPolicies: [CompiledPolicy] { identity.policies }
    public let permissionsBoundary: CompiledPolicy?
    /// Session policies passed when the session was created; empty when there are none.
    public var sessionPolicies: [CompiledPolicy] { session.policies }
    /// The resource-based (or role trust) policy of the requested resource.
    public var resourcePolicy: CompiledPolicy? { resource.policies.first }
    /// Account that owns the resource; `nil` means the principal's own account.
    public let resourceAccount: String?
    /// SCPs of the principal's account, from the organization root down to the account.
    public let serviceControlPolicies: [OrganizationLevel]
    /// RCPs of the resource's account, from the organization root down to the account.
    public let resourceControlPolicies: [OrganizationLevel]
    /// Whether the resource policy must allow even within one account: a role's trust policy is such a
    /// policy (AWS: an identity policy alone never lets anyone assume a role the trust policy does not name).
    public let resourcePolicyMustAllow: Bool
    /// The management account is never restricted by SCPs.
    public let principalAccountIsManagementAccount: Bool
    /// Resources of the management account are never restricted by RCPs.
    public let resourceAccountIsManagementAccount: Bool

    let identity: StatementIndex
    let boundary: StatementIndex?
    let session: StatementIndex
    let resource: StatementIndex

    public init(
        identityPolicies: [CompiledPolicy] = [],
        permissionsBoundary: CompiledPolicy? = nil,
        sessionPolicies: [CompiledPolicy] = [],
        resourcePolicy: CompiledPolicy? = nil,
        resourceAccount: String? = nil,
        serviceControlPolicies: [OrganizationLevel] = [],
        resourceControlPolicies: [OrganizationLevel] = [],
        principalAccountIsManagementAccount: Bool = false,
        resourceAccountIsManagementAccount: Bool = false,
        resourcePolicyMustAllow: Bool = false
    ) {
        self.resourcePolicyMustAllow = resourcePolicyMustAllow
        identity = StatementIndex(identityPolicies)
        self.permissionsBoundary = permissionsBoundary
        boundary = permissionsBoundary.map { StatementIndex([$0]) }
        session = StatementIndex(sessionPolicies)
        resource = StatementIndex(resourcePolicy.map { [$0] } ?? [])
        self.resourceAccount = resourceAccount
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
        self.principalAccountIsManagementAccount = principalAccountIsManagementAccount
        self.resourceAccountIsManagementAccount = resourceAccountIsManagementAccount
    }
}
