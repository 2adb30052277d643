public import Logging
public import WardenAWS

/// The one entry point of every AWS call: authenticate, route by the signed service, run the operation,
/// and answer in that service's protocol — success or AWS-shaped error, never a crash or a stack trace.
public struct AWSGateway: Sendable {
    let authenticator: Authenticator
    /// One router per signing service; an operation is added by one `register` line here.
    let routers: [String: AWSOperationRouter<CallContext>]

    public init(authenticator: Authenticator) {
        self.authenticator = authenticator
        var sts = AWSOperationRouter<CallContext>(protocol: .sts)
        sts.register(GetCallerIdentity.self, GetCallerIdentity.handle)
        let iam = AWSOperationRouter<CallContext>(protocol: .iam)
        let organizations = AWSOperationRouter<CallContext>(protocol: .organizations)
        self.routers = ["sts": sts, "iam": iam, "organizations": organizations]
    }

    /// Answers one request.
    public func respond(to request: AWSHTTPRequest, logger: Logger) async -> AWSHTTPResponse {
        let requestID = RequestID.generate()
        let fallbackProtocol = Self.protocolGuess(for: request)
        let caller: Caller
        let credential: SigV4Credential
        do {
            (caller, credential) = try await authenticator.authenticate(request, logger: logger)
        } catch let error as AWSServiceError {
            logger.debug("authentication refused", metadata: ["warden.error": "\(error.code)"])
            return error.response(for: fallbackProtocol, requestID: requestID)
        } catch {
            logger.error("authentication failed", metadata: ["warden.error": "\(String(reflecting: error))"])
            return AWSServiceError.internalFailure.response(for: fallbackProtocol, requestID: requestID)
        }
        var logger = logger
        logger[metadataKey: "warden.caller"] = "\(caller.arn)"
        let context = CallContext(caller: caller, credential: credential, logger: logger)
        guard let router = routers[credential.scope.service] else {
            return AWSServiceError.wrongServiceScope.response(for: fallbackProtocol, requestID: requestID)
        }
        return await router.respond(to: request, context: context, requestID: requestID)
    }

    /// The protocol to answer in before the signature says which service was meant: JSON 1.1 when the
    /// request carries `X-Amz-Target`, Query otherwise.
    public static func protocolGuess(for request: AWSHTTPRequest) -> AWSProtocol {
        if request.header("X-Amz-Target") != nil { return .organizations }
        if let authorization = request.header("Authorization"), authorization.contains("/iam/aws4_request") { return .iam }
        return .sts
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
