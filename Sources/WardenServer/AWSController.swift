import HTTPTypes
public import Hummingbird
import Logging
import WardenAWS
public import WardenServices

/// Serves every AWS call (IAM, STS, Organizations) on `/`, as AWS's endpoints do.
///
/// It only translates between HTTP and the protocol layer; authentication, routing and errors are the
/// gateway's.
public struct AWSController<Context: RequestContext>: Sendable {
    public let gateway: AWSGateway
    /// The largest body accepted; larger ones get 413 before anything is parsed.
    public let maximumBodySize: Int

    public init(gateway: AWSGateway, maximumBodySize: Int = 1 << 20) {
        self.gateway = gateway
        self.maximumBodySize = maximumBodySize
    }

    public func register(on router: Router<Context>) {
        router.post("/", use: respond)
        router.get("/", use: respond)
    }

    @Sendable func respond(_ request: Request, context: Context) async throws -> Response {
        var headers: [AWSHTTPRequest.Header] = request.headers.map { .init(name: $0.name.canonicalName, value: $0.value) }
        if let authority = request.head.authority, !headers.contains(where: { $0.name == "host" }) {
            headers.append(.init(name: "host", value: authority))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            let tooLarge = AWSServiceError(
                code: "RequestEntityTooLarge",
                message: "Request body must be at most \(maximumBodySize) bytes.",
                status: 413
            )
            let guess = AWSHTTPRequest(method: request.method.rawValue, target: request.uri.description, headers: headers.map { ($0.name, $0.value) })
            return Self.response(tooLarge.response(for: gateway.registry.protocolGuess(for: guess), requestID: RequestID.generate()))
        }
        var awsRequest = AWSHTTPRequest(
            method: request.method.rawValue,
            target: request.uri.description,
            headers: headers.map { ($0.name, $0.value) },
            body: Array(buffer: body)
        )
        awsRequest.sourceIP = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress
        return Self.response(await gateway.respond(to: awsRequest, logger: context.logger))
    }

    static func response(_ response: AWSHTTPResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(.init(name: name, value: header.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
