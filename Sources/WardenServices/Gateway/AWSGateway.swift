import Foundation
public import Logging
public import WardenAWS
import WardenPolicy
import WardenShapes

/// The one entry point of every AWS call: authenticate, pick the service by the signed scope, and run the
/// operation through the pipeline — success or AWS-shaped error, never a crash or a stack trace.
public struct AWSGateway: Sendable {
    let authenticator: Authenticator
    public let registry: ServiceRegistry
    let pipeline: OperationPipeline
    let webIdentities: WebIdentityVerifier

    public init(authenticator: Authenticator, environment: ServiceEnvironment, registry: ServiceRegistry = .warden) {
        self.authenticator = authenticator
        self.registry = registry
        self.pipeline = OperationPipeline(environment: environment)
        self.webIdentities = WebIdentityVerifier(client: environment.client, keys: environment.identityProviderKeys)
    }

    /// Answers one request. Every request is recorded in the audit trail, including those refused before
    /// an operation runs (authentication, a service or operation Warden does not serve), and counted.
    public func respond(to request: AWSHTTPRequest, logger: Logger) async -> AWSHTTPResponse {
        let start = ContinuousClock.now
        var labels = RequestMetrics.Labels(service: "unknown", operation: "Unknown", status: 0)
        let response = await answer(request, logger: logger, labels: &labels)
        labels.status = response.status
        pipeline.environment.metrics.requests.record(labels, duration: ContinuousClock.now - start)
        return response
    }

    /// ``respond(to:logger:)``, naming in `labels` the service and operation the request is counted under.
    private func answer(_ request: AWSHTTPRequest, logger: Logger, labels: inout RequestMetrics.Labels) async -> AWSHTTPResponse {
        let requestID = RequestID.generate()
        let now = pipeline.environment.clock()
        // Only an error before the service is known needs a guess; most requests never make one.
        var fallbackProtocol: AWSProtocol { registry.protocolGuess(for: request) }
        let caller: Caller
        let credential: SigV4Credential
        var attribution = Authenticator.Attribution()
        if !Self.isSigned(request), Self.attemptedOperation(request, protocol: STS.protocol) == STS.AssumeRoleWithWebIdentity.name {
            return await answerWebIdentity(request, requestID: requestID, time: now, logger: logger, labels: &labels)
        }
        do {
            (caller, credential) = try await authenticator.authenticate(request, logger: logger, attribution: &attribution)
        } catch {
            let failure = error as? AWSServiceError ?? (DatabaseUnavailability.isUnavailability(error) ? .serviceUnavailable : .internalFailure)
            if failure == .internalFailure {
                logger.error(
                    "authentication failed", metadata: ["warden.error": "\(String(reflecting: error))", "warden.request_id": "\(requestID)"])
            } else {
                logger.debug("authentication refused", metadata: ["warden.error": "\(failure.code)", "warden.request_id": "\(requestID)"])
            }
            let `protocol` = fallbackProtocol
            labels = await recordRefusal(
                request, protocol: `protocol`, requestID: requestID, time: now, caller: nil, attribution: attribution, error: failure, logger: logger)
            return failure.response(for: `protocol`, requestID: requestID)
        }
        var logger = logger
        logger[metadataKey: "warden.caller"] = "\(caller.arn)"
        attribution.scope = credential.scope
        guard let service = registry.service(signingName: credential.scope.service) else {
            let `protocol` = fallbackProtocol
            labels = await recordRefusal(
                request, protocol: `protocol`, requestID: requestID, time: now, caller: caller, attribution: attribution, error: .wrongServiceScope,
                logger: logger)
            return AWSServiceError.wrongServiceScope.response(for: `protocol`, requestID: requestID)
        }
        let call: AWSCall
        do {
            call = try AWSCall(request: request, protocol: service.protocol, knownOperations: service.operationNames, requestID: requestID)
        } catch {
            labels = await recordRefusal(
                request, protocol: service.protocol, requestID: requestID, time: now, caller: caller, attribution: attribution, error: error,
                logger: logger)
            return error.response(for: service.protocol, requestID: requestID)
        }
        if call.operation == STS.AssumeRoleWithWebIdentity.name, service.signingName == "sts" {
            // Signed anyway: the token, not the signature, says who the caller is.
            return await answerWebIdentity(request, requestID: requestID, time: now, logger: logger, labels: &labels)
        }
        labels.service = service.signingName
        guard let handler = service.handlers[call.operation] else {
            return call.response(for: .internalFailure)
        }
        labels.operation = call.operation
        let pipelineCall = OperationPipeline.Call(
            aws: call, caller: caller, credential: credential, logger: logger, sourceIP: request.sourceIP, userAgent: request.header("User-Agent"))
        return await handler(pipeline, pipelineCall)
    }

    /// Whether the request carries a SigV4 signature (header or presigned query); only STS's federation
    /// operations are answered without one.
    static func isSigned(_ request: AWSHTTPRequest) -> Bool {
        request.header("Authorization") != nil || request.query.contains("X-Amz-Signature=") || request.query.contains("X-Amz-Credential=")
    }

    /// `AssumeRoleWithWebIdentity`, which clients send unsigned: the token authenticates the caller (a
    /// ``WebIdentity`` of the role's account), then the pipeline authorizes it against the role's trust policy.
    /// A token that does not verify is refused and recorded as any failed authentication is.
    private func answerWebIdentity(
        _ request: AWSHTTPRequest, requestID: String, time: Date, logger: Logger, labels: inout RequestMetrics.Labels
    ) async -> AWSHTTPResponse {
        guard let service = registry.service(signingName: "sts"), let handler = service.handlers[STS.AssumeRoleWithWebIdentity.name] else {
            return AWSServiceError.internalFailure.response(for: STS.protocol, requestID: requestID)
        }
        labels.service = service.signingName
        labels.operation = STS.AssumeRoleWithWebIdentity.name
        let credential = SigV4Credential.unsigned(service: service.signingName, region: "us-east-1", at: time)
        var attribution = Authenticator.Attribution(scope: credential.scope)
        let caller: Caller
        let call: AWSCall
        do {
            call = try AWSCall(request: request, protocol: service.protocol, knownOperations: service.operationNames, requestID: requestID)
            let input = try call.decodeInput(STS.AssumeRoleWithWebIdentity.Input.self)
            guard let account = ARN(input.roleArn)?.accountId, account.utf8.count == 12, account.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw AWSServiceError.validationError("The value of RoleArn, \(input.roleArn.prefix(2048)), is not a valid role ARN.")
            }
            let identity = try await webIdentities.verify(
                token: input.webIdentityToken, accountID: account, now: time, logger: logger, attribution: &attribution)
            caller = Caller(accountID: account, kind: .webIdentity(identity), accessKeyID: "")
        } catch {
            let failure = error as? AWSServiceError ?? (DatabaseUnavailability.isUnavailability(error) ? .serviceUnavailable : .internalFailure)
            if failure == .internalFailure {
                logger.error("web identity authentication failed", metadata: ["warden.error": "\(String(reflecting: error))", "warden.request_id": "\(requestID)"])
            }
            _ = await recordRefusal(
                request, protocol: service.protocol, requestID: requestID, time: time, caller: nil, attribution: attribution, error: failure,
                logger: logger)
            return failure.response(for: service.protocol, requestID: requestID)
        }
        var logger = logger
        logger[metadataKey: "warden.caller"] = "\(caller.userID)"
        let pipelineCall = OperationPipeline.Call(
            aws: call, caller: caller, credential: credential, logger: logger, sourceIP: request.sourceIP, userAgent: request.header("User-Agent"))
        return await handler(pipeline, pipelineCall)
    }

    /// Records a request refused before any operation ran: who signed it as far as is known, and why it
    /// was refused.
    /// - Returns: the service and operation it is counted under: an operation the service does not serve is
    ///   `Unknown`, so a client cannot grow the metrics' label sets.
    func recordRefusal(
        _ request: AWSHTTPRequest, protocol: AWSProtocol, requestID: String, time: Date, caller: Caller?, attribution: Authenticator.Attribution,
        error: AWSServiceError, logger: Logger
    ) async -> RequestMetrics.Labels {
        let served = registry.services.first { $0.protocol == `protocol` }
        let service = served?.signingName ?? "sts"
        let operation = Self.attemptedOperation(request, protocol: `protocol`)
        let labels = RequestMetrics.Labels(
            service: service, operation: served?.handlers[operation] != nil ? operation : "Unknown", status: error.status)
        let record = AuditRecord(
            requestID: requestID, time: time, service: service, operation: operation, caller: caller,
            accessKeyID: attribution.accessKeyID.map { String($0.prefix(128)) }, keyAccountID: attribution.accountID,
            region: attribution.scope.map { String($0.region.prefix(32)) }, sourceIP: request.sourceIP,
            userAgent: request.header("User-Agent").map { String($0.prefix(1024)) }, readOnly: true,
            outcome: .failed(code: error.code, message: error.message))
        do {
            try await pipeline.environment.audit.record(record, transaction: nil)
        } catch {
            logger.error("could not record the call", metadata: ["warden.error": "\(String(reflecting: error))", "warden.request_id": "\(requestID)"])
        }
        return labels
    }

    /// The operation a request names (`Action`, or the `X-Amz-Target` suffix), cut to a sane length;
    /// `Unknown` when it names none.
    static func attemptedOperation(_ request: AWSHTTPRequest, protocol: AWSProtocol) -> String {
        let name: String? =
            switch `protocol` {
            case .query: (try? QueryParameters(request: request))?.action
            case .json11: request.header("X-Amz-Target").flatMap { $0.split(separator: ".").last.map(String.init) }
            }
        guard let name, !name.isEmpty else { return "Unknown" }
        return String(name.prefix(64))
    }
}

extension AWSServiceError {
    /// A request signed for a service Warden does not serve (AWS's wording for a mis-scoped credential).
    static let wrongServiceScope = AWSServiceError(
        code: "SignatureDoesNotMatch",
        message: "Credential should be scoped to correct service: 'iam', 'sts', 'organizations' or 'cloudtrail'.",
        status: 403
    )
}
