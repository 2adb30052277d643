import Foundation
public import Logging
import PostgresNIO
public import WardenAWS
import WardenPolicy
import WardenStore

/// The one path every operation runs: decode and validate, open one transaction, resolve the resource,
/// load the caller's policies, authorize, perform, record the call, commit, encode.
///
/// Nothing a client sends escapes as anything but an AWS-shaped error: an operation's
/// ``AWSServiceError`` is answered as is; any other error rolls back, is logged with the request id,
/// and is answered `InternalFailure` with nothing leaked.
public struct OperationPipeline: Sendable {
    public let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// What the pipeline needs of one authenticated request.
    public struct Call: Sendable {
        public let aws: AWSCall
        public let caller: Caller
        public let credential: SigV4Credential
        public let logger: Logger
        /// The client's address (`aws:SourceIp`) and `User-Agent` (`aws:UserAgent`), when known.
        public var sourceIP: String? = nil
        public var userAgent: String? = nil
    }

    struct Denied: Error {
        let error: AWSServiceError
        let decision: Decision
    }

    /// Runs `Op` for `call` and returns the response, success or error.
    public func run<Op: ServiceOperation>(_ operation: Op.Type, _ call: Call) async -> AWSHTTPResponse {
        let now = environment.clock()
        let requestID = call.aws.requestID
        var logger = call.logger
        logger[metadataKey: "warden.request_id"] = "\(requestID)"
        let input: Op.Input
        do {
            input = try call.aws.decodeInput(Op.Input.self)
        } catch {
            await audit(Op.self, call, now: now, input: nil, resources: [], outcome: .failed(code: error.code, message: error.message), logger: logger)
            return call.aws.response(for: error)
        }
        if call.caller.tokenIssueTime == nil, !call.caller.accessKeyID.isEmpty {
            // Long-term keys (users' and root's): in memory now, written in the next batch.
            environment.accessKeyUsage.record(
                call.caller.accessKeyID, use: .init(date: now, service: call.credential.scope.service, region: call.credential.scope.region))
        }
        var resources: [String] = []
        if Op.readsAuditTrail { await environment.audit.flush(logger: logger) }
        do {
            let output = try await transaction(Op.access, logger: logger) { transaction in
                var context = OperationContext(
                    caller: call.caller, requestID: requestID, logger: logger, now: now, transaction: transaction, environment: environment,
                    region: call.credential.scope.region, action: Op.action, sourceIP: call.sourceIP, userAgent: call.userAgent)
                let target = try await Op.resource(input, context)
                resources = [target]
                if case .action(let action) = Op.action {
                    let keys = try await Op.conditionKeys(input, context)
                    let resourcePolicy = try await Op.resourcePolicy(input, context)
                    context.authorizedResources = [target] + (try await Op.additionalResources(input, context))
                    resources = context.authorizedResources
                    context.authorizedKeys = keys
                    for resource in context.authorizedResources {
                        let decision = try await Self.authorize(action: action, resource: resource, keys: keys, resourcePolicy: resourcePolicy, context)
                        guard decision.isAllowed else {
                            let error = context.accessDenied(decision, protocol: Op.protocol, message: Op.deniedMessage(input, context))
                            throw Denied(error: error, decision: decision)
                        }
                    }
                }
                let output = try await Op.perform(input, context)
                // A change and its record commit together; any other call's record is written after it.
                try await environment.audit.record(
                    record(Op.self, call, now: now, input: input, output: output, resources: resources, outcome: .succeeded),
                    transaction: Op.changesState ? transaction : nil)
                if Op.access == .write, let account = Self.invalidated(Op.self, call) {
                    // Delivered to every replica when the change commits; see ConsistentCache.
                    try await transaction.execute("SELECT pg_notify(\(PolicyChangeListener.channel), \(account))")
                }
                return output
            }
            if Op.access == .write, let account = Self.invalidated(Op.self, call) { environment.caches.invalidate(account: account) }
            return try call.aws.response(output)
        } catch let denied as Denied {
            let outcome = AuditRecord.Outcome.denied(denied.decision, code: denied.error.code, message: denied.error.message)
            await audit(Op.self, call, now: now, input: input, resources: resources, outcome: outcome, logger: logger)
            return call.aws.response(for: denied.error)
        } catch let error as AWSServiceError {
            await audit(Op.self, call, now: now, input: input, resources: resources, outcome: .failed(code: error.code, message: error.message), logger: logger)
            return call.aws.response(for: error)
        } catch let error as StoreError {
            // A constraint the database enforced that the operation did not anticipate: the client's request
            // conflicts with stored state. Nothing was written (the transaction rolled back).
            logger.warning("unanticipated constraint", metadata: ["warden.operation": "\(Op.name)", "warden.error": "\(error)"])
            let failure = AWSServiceError.conflict(error, protocol: Op.protocol)
            await audit(Op.self, call, now: now, input: input, resources: resources, outcome: .failed(code: failure.code, message: failure.message), logger: logger)
            return call.aws.response(for: failure)
        } catch where DatabaseUnavailability.isUnavailability(error) {
            logger.warning("database unavailable", metadata: ["warden.operation": "\(Op.name)", "warden.error": "\(Self.describe(error))"])
            let failure = AWSServiceError.serviceUnavailable
            await audit(Op.self, call, now: now, input: input, resources: resources, outcome: .failed(code: failure.code, message: failure.message), logger: logger)
            return call.aws.response(for: failure)
        } catch {
            logger.error("operation failed", metadata: ["warden.operation": "\(Op.name)", "warden.error": "\(Self.describe(error))"])
            let failure = AWSServiceError.internalFailure
            await audit(Op.self, call, now: now, input: input, resources: resources, outcome: .failed(code: failure.code, message: failure.message), logger: logger)
            return call.aws.response(for: failure)
        }
    }

    /// The account whose cached policy sets a write of `Op` invalidates (`*`: every account).
    static func invalidated<Op: ServiceOperation>(_ operation: Op.Type, _ call: Call) -> String? {
        switch Op.changeScope {
        case .callerAccount: call.caller.accountID
        case .everyAccount: "*"
        case .nothingCached: nil
        }
    }

    /// The caller's decision for `action` on `resource`, counted by effect and deciding layer.
    static func authorize(
        action: String, resource: String, keys: [String: [String]], resourcePolicy: ResourcePolicy?, _ context: OperationContext
    ) async throws -> Decision {
        let decision = try await decide(action: action, resource: resource, keys: keys, resourcePolicy: resourcePolicy, context)
        context.environment.metrics.authorization.count(decision)
        return decision
    }

    /// The caller's decision for `action` on `resource`: its policies (cached), the request's keys and the
    /// global ones, and the resource's policy when it has one.
    static func decide(
        action: String, resource: String, keys: [String: [String]], resourcePolicy: ResourcePolicy?, _ context: OperationContext
    ) async throws -> Decision {
        let environment = context.environment
        try SessionCredentials.checkScope(of: context.caller, action: action)
        let policies = try await PrincipalPolicies.cached(
            for: context.caller, transaction: context.transaction, compiled: environment.compiledPolicies, caches: environment.caches)
        var tags = policies.tags
        for tag in context.caller.session?.tags ?? [] { tags[tag.key] = tag.value }  // session tags win
        let principal = context.caller.principal(tags: tags)
        var requestContext = RequestContext(multiValued: keys)
        for (key, value) in GlobalConditionKeys.values(for: context) where requestContext[key] == nil {
            requestContext[key] = value
        }
        for (key, value) in policies.guardrails.conditionKeys(prefix: "aws:Principal") { requestContext[key] = value }
        // The resource's account: the resource policy's owner, else the account in the ARN, else the caller's.
        let resourceAccount = resourcePolicy?.ownerAccountID ?? ARN(resource).map(\.accountId).flatMap { $0.count == 12 ? $0 : nil } ?? context.accountID
        let resourceGuardrails =
            resourceAccount == context.accountID
            ? policies.guardrails
            : try await AccountGuardrails.cached(
                for: resourceAccount, transaction: context.transaction, compiled: environment.compiledPolicies, caches: environment.caches)
        requestContext["aws:ResourceAccount"] = [resourceAccount]
        for (key, value) in resourceGuardrails.conditionKeys(prefix: "aws:Resource") { requestContext[key] = value }
        let compiledResourcePolicy = try resourcePolicy.map { try environment.compiledPolicies.policy(id: $0.id, document: $0.document) }
        let sessionPolicies = try await SessionPolicies.compiled(for: context.caller.session, context)
        let resourceControlPolicies = ResourceControlPolicies.apply(to: action) ? resourceGuardrails.resourceControlPolicies ?? [] : []
        if policies.readsResourceTags || compiledResourcePolicy?.readsResourceTags == true || sessionPolicies.contains(where: \.readsResourceTags)
            || resourceControlPolicies.contains(where: { $0.policies.contains(where: \.readsResourceTags) })
        {
            for (key, value) in try await ResourceTags.keys(of: resource, context) where requestContext[key] == nil { requestContext[key] = value }
        }
        let request = AuthorizationRequest(principal: principal, action: action, resource: resource, context: requestContext)
        if compiledResourcePolicy == nil, sessionPolicies.isEmpty, resourceControlPolicies.isEmpty {
            return Authorizer.authorize(request, policies.indexed)
        }
        let set = PolicySet(
            identityPolicies: policies.identity, permissionsBoundary: policies.boundary, sessionPolicies: sessionPolicies,
            resourcePolicy: compiledResourcePolicy, resourceAccount: resourcePolicy?.ownerAccountID,
            serviceControlPolicies: policies.guardrails.serviceControlPolicies ?? [], resourceControlPolicies: resourceControlPolicies,
            principalAccountIsManagementAccount: policies.guardrails.isManagementAccount,
            resourceAccountIsManagementAccount: resourceGuardrails.isManagementAccount,
            resourcePolicyMustAllow: resourcePolicy?.mustAllow ?? false)
        return Authorizer.authorize(request, set)
    }

    /// What is logged of an unexpected error: PostgreSQL's SQL state and constraint, never its detail
    /// (which can quote a row, and a row can hold a password hash).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            let state = error.serverInfo?[.sqlState] ?? "-"
            let constraint = error.serverInfo?[.constraintName] ?? "-"
            return "PSQLError(code: \(error.code), sqlState: \(state), constraint: \(constraint))"
        }
        return String(reflecting: error)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// A stateless operation gets no connection and no transaction: it makes no round trip at all.
    func transaction<Result: Sendable>(
        _ access: OperationAccess, logger: Logger, _ body: (StoreTransaction) async throws -> Result
    ) async throws -> Result {
        if access == .stateless { return try await body(StoreTransaction(autocommit: environment.client, logger: logger)) }
        return try await environment.metrics.database.leasing(environment.client) { connection in
            // Reads see one snapshot for the whole call (several statements, one consistent answer).
            try await connection.withStoreTransaction(
                begin: access == .read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger, body)
        }
    }

    func record<Op: ServiceOperation>(
        _ operation: Op.Type, _ call: Call, now: Date, input: Op.Input?, output: Op.Output? = nil, resources: [String],
        outcome: AuditRecord.Outcome
    ) -> AuditRecord {
        AuditRecord(
            requestID: call.aws.requestID, time: now, service: call.credential.scope.service, operation: Op.name, action: Op.action.name,
            resources: resources, caller: call.caller, region: call.credential.scope.region, sourceIP: call.sourceIP,
            userAgent: call.userAgent, readOnly: !Op.changesState, outcome: outcome, requestParameters: input.map(AuditPayload.init),
            responseElements: output.map(AuditPayload.init))
    }

    /// Records a call that did not succeed, after its transaction rolled back.
    func audit<Op: ServiceOperation>(
        _ operation: Op.Type, _ call: Call, now: Date, input: Op.Input?, resources: [String], outcome: AuditRecord.Outcome, logger: Logger
    ) async {
        do {
            try await environment.audit.record(
                record(Op.self, call, now: now, input: input, resources: resources, outcome: outcome), transaction: nil)
        } catch {
            logger.error("could not record the call", metadata: ["warden.error": "\(String(reflecting: error))"])
        }
    }
}

extension AWSServiceError {
    /// A request that conflicts with stored state in a way no operation check caught (a database constraint).
    static func conflict(_ error: StoreError, protocol: AWSProtocol) -> AWSServiceError {
        let message = "The request conflicts with the current state of the resource; nothing was changed."
        switch `protocol` {
        case .query: return AWSServiceError(code: "InvalidInput", message: message, status: 400)
        case .json11: return AWSServiceError(code: "ConstraintViolationException", message: message, status: 400)
        }
    }
}

extension OperationContext {
    /// Requires a further permission an operation needs beyond its own action (e.g. `sts:TagSession` when
    /// `AssumeRole` passes tags), decided exactly as the pipeline decides the operation's action.
    /// - Throws: `AccessDenied` worded as AWS words it.
    public func requirePermission(
        _ action: String, on resource: String, keys: [String: [String]] = [:], resourcePolicy: ResourcePolicy? = nil,
        protocol: AWSProtocol
    ) async throws {
        let decision = try await OperationPipeline.authorize(action: action, resource: resource, keys: keys, resourcePolicy: resourcePolicy, self)
        guard decision.isAllowed else {
            throw accessDenied(decision, protocol: `protocol`)
        }
    }
}
