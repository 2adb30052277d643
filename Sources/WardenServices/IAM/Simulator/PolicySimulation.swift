import Foundation
import WardenAWS
import WardenPolicy
import WardenShapes

/// The policy simulator's engine: the same ``Authorizer`` that decides real calls, run over the policies a
/// simulation names, answered in `EvaluationResult`s as IAM's simulator answers.
struct PolicySimulation {
    /// One identity policy with what the simulator reports of it.
    struct Input {
        let policy: CompiledPolicy
        let sourceID: String
        let sourceType: String
        let spans: [StatementSpan]
    }

    var identity: [Input] = []
    var boundary: Input?
    var principal: PrincipalIdentity
    var resourcePolicy: Input?
    var resourceOwner: String?
    /// The simulated principal's account's SCPs (AWS includes them when the account is in an organization).
    var guardrails = AccountGuardrails.standalone

    /// Compiles a policy given in a request. - Throws: `MalformedPolicyDocument` naming the member.
    static func compile(_ document: String, member: String, kind: PolicyKind, sourceID: String, sourceType: String) throws(AWSServiceError) -> Input {
        let findings = PolicyValidator.validate(json: document, kind: kind).filter { $0.severity == .error }
        if let first = findings.first {
            throw IAM.Errors.malformedPolicyDocument("\(member): \(first.message)")
        }
        do {
            let policy = try CompiledPolicy(id: sourceID, json: document)
            return Input(policy: policy, sourceID: sourceID, sourceType: sourceType, spans: StatementSpan.spans(in: document))
        } catch {
            throw IAM.Errors.malformedPolicyDocument("\(member): \(error.message)")
        }
    }

    /// `ContextEntries` as condition keys. - Throws: `InvalidInput` for an entry without a name.
    static func context(_ entries: [IAM.ContextEntry]?) throws(AWSServiceError) -> RequestContext {
        var keys: [String: [String]] = [:]
        for entry in entries ?? [] {
            guard let name = entry.contextKeyName else { throw IAM.Errors.invalidInput("A context entry must have a ContextKeyName.") }
            keys[name] = entry.contextKeyValues ?? []
        }
        return RequestContext(multiValued: keys)
    }

    /// At most this many action × resource pairs per simulation: every pair is one result.
    static let maximumPairs = 10_000

    /// One page of results: every action against every resource (`*` when none is given), in that order,
    /// evaluating only the pairs of the page.
    static func page(
        _ simulation: PolicySimulation, actions: [String], resources: [String]?, context: RequestContext, marker: String?, maxItems: Int?
    ) throws(AWSServiceError) -> (results: [IAM.EvaluationResult], isTruncated: Bool, marker: String?) {
        let resourceList = resources ?? ["*"]
        let total = actions.count * max(resourceList.count, 1)
        guard total <= maximumPairs else {
            throw IAM.Errors.invalidInput(
                "The simulation asks for \(total) action and resource pairs; at most \(maximumPairs) are simulated in one request.")
        }
        let start = try Pagination.start(after: marker).flatMap { Int($0).map { $0 + 1 } } ?? 0
        let limit = maxItems ?? Pagination.defaultMaxItems
        guard start >= 0 else { throw IAM.Errors.invalidInput("Invalid Marker: \(marker ?? "")") }
        let end = min(total, start + limit)
        var pairs: [(String, String)] = []
        if start < end {
            for index in start..<end { pairs.append((actions[index / resourceList.count], resourceList[index % resourceList.count])) }
        }
        let results = simulation.evaluate(pairs: pairs, context: context)
        let truncated = end < total
        let next = truncated ? Data(String(end - 1).utf8).base64EncodedString() : nil
        return (results, truncated, next)
    }

    /// Evaluates each (action, resource) pair.
    func evaluate(pairs: [(String, String)], context: RequestContext) -> [IAM.EvaluationResult] {
        let set = PolicySet(
            identityPolicies: identity.map(\.policy), permissionsBoundary: boundary?.policy, resourcePolicy: resourcePolicy?.policy,
            resourceAccount: resourceOwner, serviceControlPolicies: guardrails.serviceControlPolicies ?? [],
            principalAccountIsManagementAccount: guardrails.isManagementAccount)
        let boundaryOnly = boundary.map { PolicySet(identityPolicies: [$0.policy]) }
        var results: [IAM.EvaluationResult] = []
        for (action, resource) in pairs {
            let request = AuthorizationRequest(principal: principal, action: action, resource: resource, context: context)
            let decision = Authorizer.authorize(request, set)
            var boundaryDetail: IAM.PermissionsBoundaryDecisionDetail?
            if let boundaryOnly {
                let allowed = Authorizer.authorize(request, boundaryOnly).isAllowed
                boundaryDetail = IAM.PermissionsBoundaryDecisionDetail(allowedByPermissionsBoundary: allowed)
            }
            let matched = statements(for: decision)
            let missing = Array(decision.explanation.missingContextKeys)
            results.append(
                IAM.EvaluationResult(
                    evalActionName: action, evalResourceName: resource, evalDecision: Self.name(decision.effect),
                    matchedStatements: matched, missingContextValues: missing,
                    organizationsDecisionDetail: IAM.OrganizationsDecisionDetail(
                        allowedByOrganizations: decision.isAllowed || decision.explanation.layer != .serviceControlPolicy),
                    permissionsBoundaryDecisionDetail: boundaryDetail,
                    evalDecisionDetails: resourcePolicy == nil ? nil : ["IAM Policy": Self.name(decision.effect)]))
        }
        return results
    }

    static func name(_ effect: DecisionEffect) -> String {
        switch effect {
        case .allow: "allowed"
        case .explicitDeny: "explicitDeny"
        case .implicitDeny: "implicitDeny"
        }
    }

    /// The statements that decided: the deny for an explicit deny, the allows for an allow.
    func statements(for decision: Decision) -> [IAM.Statement] {
        let references = [decision.explanation.decidingStatement].compactMap { $0 } + decision.explanation.supportingStatements
        return references.compactMap { reference in
            let inputs = identity + [boundary, resourcePolicy].compactMap { $0 }
            guard let input = inputs.first(where: { $0.policy.id == reference.policyId }) else { return nil }
            let span = reference.statement.index < input.spans.count ? input.spans[reference.statement.index] : nil
            return IAM.Statement(
                sourcePolicyId: input.sourceID, sourcePolicyType: input.sourceType,
                startPosition: span.map { IAM.Position(line: $0.start.line, column: $0.start.column) },
                endPosition: span.map { IAM.Position(line: $0.end.line, column: $0.end.column) })
        }
    }

    /// The condition keys a set of policies uses: in `Condition` blocks and in policy variables.
    static func contextKeys(_ documents: [String]) throws(AWSServiceError) -> [String] {
        var keys: [String] = []
        var seen = Set<String>()
        func add(_ key: String) {
            if seen.insert(key.lowercased()).inserted { keys.append(key) }
        }
        for document in documents {
            let parsed: PolicyDocument
            do {
                parsed = try PolicyDocument(json: document)
            } catch {
                throw IAM.Errors.malformedPolicyDocument(error.message)
            }
            for statement in parsed.statements {
                for pattern in (statement.resource?.patterns ?? []) { variables(in: pattern).forEach(add) }
                for condition in statement.conditions {
                    add(condition.key)
                    for value in condition.values { variables(in: value).forEach(add) }
                }
            }
        }
        return keys
    }

    /// `${aws:username}` → `aws:username` (not the `${*}`, `${?}`, `${$}` escapes).
    static func variables(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            let name = String(rest[open.upperBound..<close])
            let key = name.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? name
            if key.contains(":") { found.append(key) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
