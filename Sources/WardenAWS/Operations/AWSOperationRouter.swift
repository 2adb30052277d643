/// A table of operation handlers for one service, so adding an operation is one
/// `register` call next to its `AWSOperation` declaration.
///
/// `Context` is whatever the server passes along (the authenticated caller, a database
/// handle). The router decodes, validates, calls the handler and renders the result or the
/// error; any error that is not an ``AWSServiceError`` becomes `InternalFailure` (500) with
/// no detail, so internals never reach the client.
public struct AWSOperationRouter<Context: Sendable>: Sendable {
    typealias Handler = @Sendable (AWSCall, Context) async throws -> AWSHTTPResponse

    /// The service's protocol.
    public let `protocol`: AWSProtocol
    private var handlers: [String: Handler] = [:]

    /// Creates an empty router for a service.
    public init(protocol: AWSProtocol) {
        self.protocol = `protocol`
    }

    /// The registered operation names.
    public var operationNames: Set<String> { Set(handlers.keys) }

    /// Registers the handler of `operation`.
    public mutating func register<Op: AWSOperation>(
        _ operation: Op.Type, _ handler: @escaping @Sendable (Op.Input, Context) async throws -> Op.Output
    ) {
        precondition(Op.protocol == self.protocol, "\(Op.name) belongs to another service")
        handlers[Op.name] = { call, context in
            let input = try call.decodeInput(Op.Input.self)
            let output = try await handler(input, context)
            return try call.response(output)
        }
    }

    /// Routes a verified request to its operation and returns the response, success or error.
    public func respond(to request: AWSHTTPRequest, context: Context, requestID: String = RequestID.generate()) async
        -> AWSHTTPResponse
    {
        let call: AWSCall
        do {
            call = try AWSCall(request: request, protocol: `protocol`, knownOperations: operationNames, requestID: requestID)
        } catch {
            return error.response(for: `protocol`, requestID: requestID)
        }
        return await respond(to: call, context: context)
    }

    /// Runs an already routed call.
    public func respond(to call: AWSCall, context: Context) async -> AWSHTTPResponse {
        guard let handler = handlers[call.operation] else {
            return call.response(for: .internalFailure)
        }
        do {
            return try await handler(call, context)
        } catch let error as AWSServiceError {
            return call.response(for: error)
        } catch {
            return call.response(for: .internalFailure)
        }
    }
}
