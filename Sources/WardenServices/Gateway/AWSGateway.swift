public import Logging
public import WardenAWS

/// The one entry point of every AWS call: authenticate, pick the service by the signed scope, and run the
/// operation through the pipeline — success or AWS-shaped error, never a crash or a stack trace.
public struct AWSGateway: Sendable {
    let authenticator: Authenticator
    public let registry: ServiceRegistry
    let pipeline: OperationPipeline

    public init(authenticator: Authenticator, environment: ServiceEnvironment, registry: ServiceRegistry = .warden) {
        self.authenticator = authenticator
        self.registry = registry
        self.pipeline = OperationPipeline(environment: environment)
    }

    /// Answers one request.
    public func respond(to request: AWSHTTPRequest, logger: Logger) async -> AWSHTTPResponse {
        let requestID = RequestID.generate()
        // Only an error before the service is known needs a guess; most requests never make one.
        var fallbackProtocol: AWSProtocol { registry.protocolGuess(for: request) }
        let caller: Caller
        let credential: SigV4Credential
        do {
            (caller, credential) = try await authenticator.authenticate(request, logger: logger)
        } catch let error as AWSServiceError {
            logger.debug("authentication refused", metadata: ["warden.error": "\(error.code)", "warden.request_id": "\(requestID)"])
            return error.response(for: fallbackProtocol, requestID: requestID)
        } catch {
            logger.error(
                "authentication failed", metadata: ["warden.error": "\(String(reflecting: error))", "warden.request_id": "\(requestID)"])
            return AWSServiceError.internalFailure.response(for: fallbackProtocol, requestID: requestID)
        }
        var logger = logger
        logger[metadataKey: "warden.caller"] = "\(caller.arn)"
        guard let service = registry.service(signingName: credential.scope.service) else {
            return AWSServiceError.wrongServiceScope.response(for: fallbackProtocol, requestID: requestID)
        }
        let call: AWSCall
        do {
            call = try AWSCall(request: request, protocol: service.protocol, knownOperations: service.operationNames, requestID: requestID)
        } catch {
            return error.response(for: service.protocol, requestID: requestID)
        }
        guard let handler = service.handlers[call.operation] else {
            return call.response(for: .internalFailure)
        }
        let pipelineCall = OperationPipeline.Call(
            aws: call, caller: caller, credential: credential, logger: logger, sourceIP: request.sourceIP, userAgent: request.header("User-Agent"))
        return await handler(pipeline, pipelineCall)
    }
}

extension AWSServiceError {
    /// A request signed for a service Warden does not serve (AWS's wording for a mis-scoped credential).
    static let wrongServiceScope = AWSServiceError(
        code: "SignatureDoesNotMatch",
        message: "Credential should be scoped to correct service: 'iam', 'sts' or 'organizations'.",
        status: 403
    )
}
