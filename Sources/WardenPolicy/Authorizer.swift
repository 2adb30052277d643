/// AWS's policy evaluation flow over compiled policies.
///
/// 1. An explicit `Deny` in any applicable policy (RCP, SCP, resource, identity, boundary,
///    session) wins.
/// 2. RCPs of the resource's account: every level, root to account, must allow (not for
///    resources of the management account, nor for service-linked roles; AWS service
///    principals are subject to them).
/// 3. SCPs of the principal's account: likewise (not for the management account, service
///    principals, or service-linked roles).
/// 4. Same account: the resource-based policy or the identity-based policies allow. A
///    resource policy naming the user or session ARN itself is not limited by the permissions
///    boundary or session policies; one naming the role ARN (or `*`) is.
///    Cross-account: both the principal's side and the resource policy must allow.
/// 5. A permissions boundary and session policies, when present, must also allow.
public enum Authorizer {
    public static func authorize(_ request: AuthorizationRequest, _ policies: PolicySet) -> Decision {
        request.actionBytes.withUnsafeBufferPointer { action in
            withUTF8(request.resource) { resource in
                var evaluation = Evaluation(action: action, resource: resource, hasPermissionsBoundary: policies.permissionsBoundary != nil)
                return evaluation.run(request, policies)
            }
        }
    }
}

/// A matching statement found in a layer.
struct Match {
    /// Index into ``StatementIndex/statements``.
    let statement: Int32
    let grant: PrincipalGrant?
}

struct LayerOutcome {
    var deny: Match?
    var allow: Match?
}

/// One evaluation in progress. The request is passed to each function rather than stored,
/// so that it is borrowed, not copied (a copy would retain each of its strings).
private struct Evaluation {
    let action: UnsafeBufferPointer<UInt8>
    let resource: UnsafeBufferPointer<UInt8>
    let hasPermissionsBoundary: Bool
    var missing = ContextKeyList()

    init(action: UnsafeBufferPointer<UInt8>, resource: UnsafeBufferPointer<UInt8>, hasPermissionsBoundary: Bool) {
        self.action = action
        self.resource = resource
        self.hasPermissionsBoundary = hasPermissionsBoundary
    }

    /// Evaluates one group of policies. Stops at the first matching `Deny`. For resource
    /// policies (`checkPrincipal`) it keeps looking for the strongest principal grant.
    mutating func evaluate(_ request: AuthorizationRequest, _ index: StatementIndex, checkPrincipal: Bool) -> LayerOutcome {
        var outcome = LayerOutcome()
        let (candidates, actionMatched) = index.candidates(request)
        let unmanagedStatements = index.unmanagedStatements
        return candidates.withUnsafeBufferPointer { candidates in
            unmanagedStatements.withUnsafeBufferPointer { statements in
                for candidate in 0..<candidates.count {
                    let statementIndex = candidates[candidate]
                    let verdict = statements[Int(statementIndex)]._withUnsafeGuaranteedRef { statement in
                        self.check(statement, request, outcome: outcome, actionMatched: actionMatched, checkPrincipal: checkPrincipal)
                    }
                    guard let verdict else { continue }
                    let match = Match(statement: statementIndex, grant: verdict.grant)
                    if verdict.effect == .deny {
                        outcome.deny = match
                        return outcome
                    }
                    if let previous = outcome.allow, let previousGrant = previous.grant, let grant = verdict.grant, grant <= previousGrant {
                        continue
                    }
                    outcome.allow = match
                }
                return outcome
            }
        }
    }

    /// Whether one statement applies to the request: `nil` when it does not (or cannot change
    /// the outcome: an allow when an allow was already found).
    @inline(__always)
    private mutating func check(
        _ statement: CompiledStatement, _ request: AuthorizationRequest, outcome: LayerOutcome, actionMatched: Bool, checkPrincipal: Bool
    ) -> (effect: Effect, grant: PrincipalGrant?)? {
        if statement.effect == .allow, let allow = outcome.allow, allow.grant == nil || allow.grant == .exact {
            return nil
        }
        if !actionMatched, !statement.actions.matches(action) { return nil }
        guard statement.resources.matches(resource, context: request.context, missing: &missing) else { return nil }
        var grant: PrincipalGrant?
        if checkPrincipal {
            guard let principals = statement.principals, let found = principals.grant(for: request.principal, hasPermissionsBoundary: hasPermissionsBoundary) else { return nil }
            grant = found
        }
        let conditions = statement.conditions
        for conditionIndex in 0..<conditions.count {
            let holds = Unmanaged.passUnretained(conditions[conditionIndex])._withUnsafeGuaranteedRef {
                $0.evaluate(request.context, missing: &missing)
            }
            if !holds { return nil }
        }
        return (statement.effect, grant)
    }

    func reference(_ match: Match, in index: StatementIndex, layer: PolicyLayer, level: OrganizationLevel? = nil) -> PolicyReference {
        let policy = index.policies[Int(index.policyOfStatement[Int(match.statement)])]
        return PolicyReference(
            layer: layer, policyId: policy.id, statement: index.statements[Int(match.statement)].reference,
            organizationNode: level?.node, organizationNodeKind: level?.kind)
    }

    func decision(_ request: AuthorizationRequest, _ effect: DecisionEffect, _ layer: PolicyLayer, statement: PolicyReference? = nil, supporting: [PolicyReference] = [], level: OrganizationLevel? = nil, reason: String? = nil) -> Decision {
        return Decision(effect: effect, explanation: Explanation(
            layer: layer, decidingStatement: statement, supportingStatements: supporting,
            organizationNode: level?.node, organizationNodeKind: level?.kind, effect: effect,
            action: request.action, resource: request.resource, reason: reason, missingContextKeys: missing,
            requestContext: request.context))
    }

    mutating func run(_ request: AuthorizationRequest, _ policies: PolicySet) -> Decision {
        let principal = request.principal
        let serviceLinked = principal.kind == .serviceLinkedRole

        // Organization guardrails: explicit denies first, then "every level must allow".
        var rcpGap: OrganizationLevel?
        if !policies.resourceAccountIsManagementAccount, !serviceLinked {
            for levelIndex in policies.resourceControlPolicies.indices {
                let outcome = evaluate(request, policies.resourceControlPolicies[levelIndex].index, checkPrincipal: true)
                if let deny = outcome.deny {
                    let level = policies.resourceControlPolicies[levelIndex]
                    return decision(request, .explicitDeny, .resourceControlPolicy, statement: reference(deny, in: level.index, layer: .resourceControlPolicy, level: level), level: level)
                }
                if outcome.allow == nil, rcpGap == nil { rcpGap = policies.resourceControlPolicies[levelIndex] }
            }
        }
        var scpGap: OrganizationLevel?
        if !policies.principalAccountIsManagementAccount, !serviceLinked, principal.isIAMPrincipal {
            for levelIndex in policies.serviceControlPolicies.indices {
                let outcome = evaluate(request, policies.serviceControlPolicies[levelIndex].index, checkPrincipal: false)
                if let deny = outcome.deny {
                    let level = policies.serviceControlPolicies[levelIndex]
                    return decision(request, .explicitDeny, .serviceControlPolicy, statement: reference(deny, in: level.index, layer: .serviceControlPolicy, level: level), level: level)
                }
                if outcome.allow == nil, scpGap == nil { scpGap = policies.serviceControlPolicies[levelIndex] }
            }
        }

        let resourceOutcome = evaluate(request, policies.resource, checkPrincipal: true)
        if let deny = resourceOutcome.deny {
            return decision(request, .explicitDeny, .resourcePolicy, statement: reference(deny, in: policies.resource, layer: .resourcePolicy))
        }

        // Identity-based layers apply to IAM principals, not to services, web identities or anonymous callers.
        let iamPrincipal = principal.isIAMPrincipal
        var identityOutcome = LayerOutcome()
        var boundaryOutcome = LayerOutcome()
        var sessionOutcome = LayerOutcome()
        if iamPrincipal, principal.kind != .root {
            identityOutcome = evaluate(request, policies.identity, checkPrincipal: false)
            if let deny = identityOutcome.deny {
                return decision(request, .explicitDeny, .identityPolicy, statement: reference(deny, in: policies.identity, layer: .identityPolicy))
            }
            if let boundary = policies.boundary {
                boundaryOutcome = evaluate(request, boundary, checkPrincipal: false)
                if let deny = boundaryOutcome.deny {
                    return decision(request, .explicitDeny, .permissionsBoundary, statement: reference(deny, in: boundary, layer: .permissionsBoundary))
                }
            }
            if !policies.session.isEmpty {
                sessionOutcome = evaluate(request, policies.session, checkPrincipal: false)
                if let deny = sessionOutcome.deny {
                    return decision(request, .explicitDeny, .sessionPolicy, statement: reference(deny, in: policies.session, layer: .sessionPolicy))
                }
            }
        }

        if let level = rcpGap { return decision(request, .implicitDeny, .resourceControlPolicy, level: level) }
        if let level = scpGap { return decision(request, .implicitDeny, .serviceControlPolicy, level: level) }

        let resourceAllow = resourceOutcome.allow.map { reference($0, in: policies.resource, layer: .resourcePolicy) }
        let grant = resourceOutcome.allow?.grant
        let identityAllow = identityOutcome.allow.map { reference($0, in: policies.identity, layer: .identityPolicy) }
        let isRoot = principal.kind == .root
        let sameAccount = policies.resourceAccount == nil || policies.resourceAccount == principal.accountId

        guard iamPrincipal else {
            // Services, web identities and anonymous callers are allowed only by the resource policy.
            if let resourceAllow { return decision(request, .allow, .resourcePolicy, statement: resourceAllow) }
            return decision(request, .implicitDeny, .resourcePolicy)
        }

        if sameAccount {
            if policies.resourcePolicyMustAllow, resourceAllow == nil {
                return decision(request, .implicitDeny, .resourcePolicy, reason: "the role's trust policy must allow it")
            }
            // A resource policy naming the user or the session itself grants on its own.
            if grant == .exact, let resourceAllow {
                return decision(request, .allow, .resourcePolicy, statement: resourceAllow)
            }
            let resourceGrants = grant == .role || grant == .wildcard
            if !isRoot, identityAllow == nil, !resourceGrants {
                return decision(request, .implicitDeny, .identityPolicy, reason: resourceAllow != nil ? "the resource policy only names the account, which delegates to identity-based policies" : nil)
            }
            if let denial = boundaryAndSessionDenial(request, policies, boundaryOutcome, sessionOutcome, isRoot: isRoot) { return denial }
            if isRoot { return decision(request, .allow, .rootUser, supporting: resourceAllow.map { [$0] } ?? []) }
            if let identityAllow { return decision(request, .allow, .identityPolicy, statement: identityAllow) }
            return decision(request, .allow, .resourcePolicy, statement: resourceAllow)
        }

        // Cross-account: the principal's account must allow, and so must the resource policy.
        if !isRoot, identityAllow == nil {
            return decision(request, .implicitDeny, .identityPolicy, reason: "cross-account request: the principal's account must allow it")
        }
        if let denial = boundaryAndSessionDenial(request, policies, boundaryOutcome, sessionOutcome, isRoot: isRoot) { return denial }
        guard let resourceAllow else {
            return decision(request, .implicitDeny, .resourcePolicy, reason: "cross-account request: the resource policy of account \(policies.resourceAccount ?? "?") must allow it")
        }
        if isRoot { return decision(request, .allow, .rootUser, supporting: [resourceAllow]) }
        return decision(request, .allow, .identityPolicy, statement: identityAllow, supporting: [resourceAllow])
    }

    private func boundaryAndSessionDenial(_ request: AuthorizationRequest, _ policies: PolicySet, _ boundary: LayerOutcome, _ session: LayerOutcome, isRoot: Bool) -> Decision? {
        guard !isRoot else { return nil }
        if let boundaryPolicy = policies.permissionsBoundary, boundary.allow == nil {
            return decision(request, .implicitDeny, .permissionsBoundary, reason: "boundary \(boundaryPolicy.id)")
        }
        if !policies.session.isEmpty, session.allow == nil {
            return decision(request, .implicitDeny, .sessionPolicy)
        }
        return nil
    }
}
