/// A request routed to an operation of a service: which operation, and its undecoded input.
///
/// End to end, a server does:
/// ```swift
/// let credential = try SigV4.parse(request, now: .now)
/// let secret = try await store.secret(credential.accessKeyID)      // or .invalidClientTokenId
/// try verifier.verify(credential, request: request, secretAccessKey: secret)
/// guard let proto = AWSProtocol.forSigningService(credential.scope.service) else { … }
/// let call = try AWSCall(request: request, protocol: proto, knownOperations: router.operationNames)
/// let response = await router.respond(to: call, context: caller)
/// ```
public struct AWSCall: Sendable {
    enum Payload: Sendable {
        case query(QueryParameters)
        case json([UInt8])
    }

    /// The service's protocol.
    public let `protocol`: AWSProtocol
    /// The operation's wire name, e.g. `CreateUser`.
    public let operation: String
    /// The id reported in the response (`RequestId` / `x-amzn-RequestId`).
    public let requestID: String
    let payload: Payload

    /// Routes a request: the `Action` parameter (Query) or `X-Amz-Target` (JSON 1.1).
    /// - Throws: `MissingAction`, `InvalidAction` ("Could not find operation X for version Y"),
    ///   `UnknownOperationException`, `MalformedQueryString`.
    public init(
        request: AWSHTTPRequest, protocol: AWSProtocol, knownOperations: Set<String>, requestID: String = RequestID.generate()
    ) throws(AWSServiceError) {
        self.protocol = `protocol`
        self.requestID = requestID
        switch `protocol` {
        case .query(_, let version, _):
            let parameters = try QueryParameters(request: request)
            guard let action = parameters.action, !action.isEmpty else { throw .missingAction }
            let requested = parameters.version ?? version
            guard requested == version, knownOperations.contains(action) else {
                throw .invalidAction(action, version: requested)
            }
            self.operation = action
            self.payload = .query(parameters)
        case .json11(let prefix):
            let target = request.header("X-Amz-Target") ?? ""
            guard target.hasPrefix(prefix + "."), knownOperations.contains(String(target.dropFirst(prefix.count + 1))) else {
                throw .unknownOperation(target)
            }
            self.operation = String(target.dropFirst(prefix.count + 1))
            self.payload = .json(request.body)
        }
    }

    /// Decodes and validates the operation's input.
    /// - Throws: the protocol's decoding errors, then its validation error if the input is a
    ///   ``ValidatedInput`` with violated constraints.
    public func decodeInput<Input: Decodable>(_ type: Input.Type) throws(AWSServiceError) -> Input {
        let input: Input
        switch payload {
        case .query(let parameters): input = try QueryDecoder().decode(Input.self, from: parameters)
        case .json(let body): input = try JSON11Codec.decode(Input.self, from: body)
        }
        if let validated = input as? any ValidatedInput {
            var validator = Validator()
            validated.validate(&validator)
            if !validator.violations.isEmpty { throw .validation(validator.violations, protocol: `protocol`) }
        }
        return input
    }

    /// The success response carrying `output`.
    public func response<Output: Encodable>(_ output: Output) throws(AWSServiceError) -> AWSHTTPResponse {
        let body: [UInt8]
        switch `protocol` {
        case .query(_, _, let namespace):
            body = try QueryXMLEncoder().response(operation: operation, output: output, xmlNamespace: namespace, requestID: requestID)
        case .json11:
            body = try JSON11Codec.encode(output)
        }
        return AWSHTTPResponse(
            status: 200,
            headers: [.init(name: "x-amzn-RequestId", value: requestID), .init(name: "Content-Type", value: `protocol`.contentType)],
            body: body)
    }

    /// The error response for `error`, in this call's protocol.
    public func response(for error: AWSServiceError) -> AWSHTTPResponse {
        error.response(for: `protocol`, requestID: requestID)
    }
}
