import Foundation
import PostgresNIO
import WardenAWS
import WardenPolicy
public import WardenShapes
import WardenStore

/// IAM's policy simulator, deciding with the same engine as real calls.
extension IAM.SimulateCustomPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:SimulateCustomPolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let simulation = PolicySimulation(principal: try SimulatedPrincipal.caller(input.callerArn, call))
        let page = try SimulatedPrincipal.run(
            simulation, policyInputs: input.policyInputList, boundaries: input.permissionsBoundaryPolicyInputList,
            resourcePolicy: input.resourcePolicy, owner: input.resourceOwner, actions: input.actionNames, resources: input.resourceArns,
            contextEntries: input.contextEntries, marker: input.marker, maxItems: input.maxItems, call)
        return Output(evaluationResults: page.results, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.SimulatePrincipalPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:SimulatePrincipalPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await SimulatedPrincipal.authorizedARN(input.policySourceArn, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let source = try await SimulatedPrincipal.resolve(input.policySourceArn, call)
        let stored = try await PrincipalPolicies.load(
            entityType: source.entityType, entityID: source.entityID, accountID: call.accountID, transaction: call.transaction,
            cache: call.environment.compiledPolicies)
        var principal = input.callerArn.flatMap(PrincipalIdentity.init(parsing:)) ?? source.principal
        principal.tags = stored.tags
        var simulation = PolicySimulation(principal: principal)
        simulation.guardrails = try await AccountGuardrails.load(
            for: call.accountID, transaction: call.transaction, compiled: call.environment.compiledPolicies)
        for policy in stored.identity {
            let origin = stored.sources[policy.id]
            let (sourceID, sourceType) = SimulatedPrincipal.describe(policy.id, origin)
            simulation.identity.append(
                PolicySimulation.Input(
                    policy: policy, sourceID: sourceID, sourceType: sourceType, spans: StatementSpan.spans(in: origin?.document ?? "")))
        }
        if let boundary = stored.boundary {
            let origin = stored.sources[boundary.id]
            simulation.boundary = PolicySimulation.Input(
                policy: boundary, sourceID: boundary.id, sourceType: boundary.id.contains(":aws:policy/") ? "aws-managed" : "user-managed",
                spans: StatementSpan.spans(in: origin?.document ?? ""))
        }
        let page = try SimulatedPrincipal.run(
            simulation, policyInputs: input.policyInputList ?? [], boundaries: input.permissionsBoundaryPolicyInputList,
            resourcePolicy: input.resourcePolicy, owner: input.resourceOwner, actions: input.actionNames, resources: input.resourceArns,
            contextEntries: input.contextEntries, marker: input.marker, maxItems: input.maxItems, call)
        return Output(evaluationResults: page.results, isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.GetContextKeysForCustomPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetContextKeysForCustomPolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        Output(contextKeyNames: try PolicySimulation.contextKeys(input.policyInputList))
    }
}

extension IAM.GetContextKeysForPrincipalPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetContextKeysForPrincipalPolicy"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await SimulatedPrincipal.authorizedARN(input.policySourceArn, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let source = try await SimulatedPrincipal.resolve(input.policySourceArn, call)
        let stored = try await PrincipalPolicies.load(
            entityType: source.entityType, entityID: source.entityID, accountID: call.accountID, transaction: call.transaction,
            cache: call.environment.compiledPolicies)
        let documents = stored.sources.keys.sorted().compactMap { stored.sources[$0]?.document } + (input.policyInputList ?? [])
        return Output(contextKeyNames: try PolicySimulation.contextKeys(documents))
    }
}

/// The user, group or role a simulation is about.
enum SimulatedPrincipal {
    struct Source {
        let entityType: String
        let entityID: String
        let principal: PrincipalIdentity
        /// The entity's ARN as stored (its path, the case of its name).
        let arn: String
    }

    /// The ARN to authorize a simulation of `arn` on: the stored entity's own ARN when `arn` names it,
    /// else `arn` as given (authorization then decides on what the caller wrote; `perform` answers NoSuchEntity).
    static func authorizedARN(_ arn: String, _ call: OperationContext) async throws -> String {
        (try? await resolve(arn, call))?.arn ?? arn
    }

    /// Resolves `PolicySourceArn` in the caller's account. - Throws: `NoSuchEntity` / `InvalidInput`.
    static func resolve(_ arn: String, _ call: OperationContext) async throws -> Source {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam" else {
            throw IAM.Errors.invalidInput("Invalid ARN: \(arn)")
        }
        guard parts[4] == call.accountID else { throw IAM.Errors.noSuchEntity("PolicySourceArn \(arn) cannot be found.") }
        let resource = parts[5]
        let name = String(resource.split(separator: "/").last ?? "")
        if resource.hasPrefix("user/") {
            guard let user = try await call.users.named(name), "user\(user.path)" == resource.dropLast(name.count) else {
                throw IAM.Errors.noSuchEntity("The user with name \(name) cannot be found.")
            }
            return Source(
                entityType: "user", entityID: user.userID,
                principal: .user(account: call.accountID, name: user.name, path: user.path, userId: user.userID), arn: user.arn)
        }
        let table: String
        let kind: String
        if resource.hasPrefix("role/") {
            (table, kind) = ("iam_roles", "role")
        } else if resource.hasPrefix("group/") {
            (table, kind) = ("iam_groups", "group")
        } else {
            throw IAM.Errors.invalidInput("PolicySourceArn must be the ARN of a user, group or role: \(arn)")
        }
        let idColumn = kind == "role" ? "role_id" : "group_id"
        let rows = try await call.transaction.rows(
            "SELECT \(unescaped: idColumn), name, path FROM \(unescaped: table) WHERE account_id = \(call.accountID) AND lower(name) = lower(\(name))",
            as: (String, String, String).self)
        guard let (id, storedName, path) = rows.first, "\(kind)\(path)" == resource.dropLast(name.count) else {
            throw IAM.Errors.noSuchEntity("The \(kind) with name \(name) cannot be found.")
        }
        let principal: PrincipalIdentity =
            kind == "role"
            ? .assumedRole(account: call.accountID, roleName: storedName, path: path, sessionName: "simulation", roleId: id)
            : PrincipalIdentity(kind: .user, accountId: call.accountID, arn: call.arn.group(path: path, name: storedName))
        let storedARN = kind == "role" ? call.arn.role(path: path, name: storedName) : call.arn.group(path: path, name: storedName)
        return Source(entityType: kind, entityID: id, principal: principal, arn: storedARN)
    }

    /// The principal of a custom simulation: `CallerArn`, else an IAM user of the caller's account holding
    /// exactly the given policies (never the root user, whom identity policies do not limit).
    static func caller(_ callerArn: String?, _ call: OperationContext) throws(AWSServiceError) -> PrincipalIdentity {
        guard let callerArn else { return .user(account: call.accountID, name: "SimulatedUser") }
        guard let principal = PrincipalIdentity(parsing: callerArn) else {
            throw IAM.Errors.invalidInput("Invalid CallerArn: \(callerArn)")
        }
        return principal
    }

    /// The part both simulations share: the request's own policies (`PolicyInputList`, a boundary, a resource
    /// policy) added to `simulation`, then one page of results.
    static func run(
        _ simulation: PolicySimulation, policyInputs: [String], boundaries: [String]?, resourcePolicy: String?, owner: String?,
        actions: [String], resources: [String]?, contextEntries: [IAM.ContextEntry]?, marker: String?, maxItems: Int?,
        _ call: OperationContext
    ) throws(AWSServiceError) -> (results: [IAM.EvaluationResult], isTruncated: Bool, marker: String?) {
        var simulation = simulation
        for (index, document) in policyInputs.enumerated() {
            simulation.identity.append(
                try PolicySimulation.compile(
                    document, member: "PolicyInputList.\(index + 1)", kind: .identity(.managed), sourceID: "PolicyInputList.\(index + 1)",
                    sourceType: "none"))
        }
        try addBoundaryAndResource(&simulation, boundaries: boundaries, resourcePolicy: resourcePolicy, owner: owner, call)
        return try PolicySimulation.page(
            simulation, actions: actions, resources: resources, context: try PolicySimulation.context(contextEntries), marker: marker,
            maxItems: maxItems)
    }

    static func addBoundaryAndResource(
        _ simulation: inout PolicySimulation, boundaries: [String]?, resourcePolicy: String?, owner: String?, _ call: OperationContext
    ) throws(AWSServiceError) {
        if let boundaries, !boundaries.isEmpty {
            guard boundaries.count == 1 else { throw IAM.Errors.invalidInput("Only one permissions boundary policy can be simulated.") }
            simulation.boundary = try PolicySimulation.compile(
                boundaries[0], member: "PermissionsBoundaryPolicyInputList.1", kind: .boundary,
                sourceID: "PermissionsBoundaryPolicyInputList.1", sourceType: "none")
        }
        if let resourcePolicy {
            simulation.resourcePolicy = try PolicySimulation.compile(
                resourcePolicy, member: "ResourcePolicy", kind: .resource, sourceID: "ResourcePolicy", sourceType: "resource")
            let ownerAccount = owner.flatMap { $0.split(separator: ":").count > 4 ? String($0.split(separator: ":", omittingEmptySubsequences: false)[4]) : $0 }
            simulation.resourceOwner = ownerAccount?.isEmpty == false ? ownerAccount : call.accountID
        }
    }

    /// `SourcePolicyId` and `SourcePolicyType` of a stored policy.
    static func describe(_ id: String, _ source: PrincipalPolicies.Source?) -> (String, String) {
        if let source, source.kind == "inline" {
            return (String(id.split(separator: "/", maxSplits: 1).last ?? ""), source.entityType ?? "user")
        }
        let name = String(id.split(separator: "/").last ?? "")
        return (name, id.contains(":aws:policy/") ? "aws-managed" : "user-managed")
    }
}
