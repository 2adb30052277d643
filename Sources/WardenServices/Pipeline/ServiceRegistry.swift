public import WardenAWS
import WardenShapes

/// Every service Warden serves, with its signing name, protocol and operations: the one list the
/// gateway reads. Adding an operation is adding its type to its service's list.
public struct ServiceRegistry: Sendable {
    typealias Handler = @Sendable (OperationPipeline, OperationPipeline.Call) async -> AWSHTTPResponse

    /// One service: how requests for it are signed and shaped, and its operations.
    public struct Service: Sendable {
        public let signingName: String
        public let `protocol`: AWSProtocol
        let handlers: [String: Handler]

        /// The wire names of the operations served.
        public var operationNames: Set<String> { Set(handlers.keys) }

        public init(signingName: String, protocol: AWSProtocol, operations: [any ServiceOperation.Type]) {
            self.signingName = signingName
            self.protocol = `protocol`
            var handlers: [String: Handler] = [:]
            for operation in operations {
                precondition(operation.protocol == `protocol`, "\(operation.name) belongs to another service")
                precondition(handlers[operation.name] == nil, "\(operation.name) is registered twice")
                handlers[operation.name] = Self.handler(operation)
            }
            self.handlers = handlers
        }

        static func handler<Op: ServiceOperation>(_ operation: Op.Type) -> Handler {
            { pipeline, call in await pipeline.run(Op.self, call) }
        }
    }

    public let services: [Service]
    private let bySigningName: [String: Service]

    public init(_ services: [Service]) {
        self.services = services
        var bySigningName: [String: Service] = [:]
        for service in services { bySigningName[service.signingName] = service }
        self.bySigningName = bySigningName
    }

    /// The service a SigV4 credential scope names (`iam`, `sts`, `organizations`).
    public func service(signingName: String) -> Service? { bySigningName[signingName] }

    /// The protocol to answer in before the signature is read: the JSON service whose `X-Amz-Target`
    /// prefix the request carries, else the Query service named in the credential scope, else STS's.
    public func protocolGuess(for request: AWSHTTPRequest) -> AWSProtocol {
        if let target = request.header("X-Amz-Target") {
            for service in services {
                if case .json11(let prefix) = service.protocol, target.hasPrefix(prefix + ".") { return service.protocol }
            }
            return services.first { if case .json11 = $0.protocol { true } else { false } }?.protocol ?? STS.protocol
        }
        let scope = request.header("Authorization") ?? request.query
        for service in services {
            if case .query = service.protocol, scope.contains("/\(service.signingName)/aws4_request") || scope.contains("%2F\(service.signingName)%2Faws4_request") {
                return service.protocol
            }
        }
        // Unsigned: the Query API version the request names (`Version=2010-05-08` is IAM's).
        let body = String(decoding: request.body.prefix(4096), as: UTF8.self)
        for service in services {
            if case .query(_, let version, _) = service.protocol, request.query.contains("Version=\(version)") || body.contains("Version=\(version)") {
                return service.protocol
            }
        }
        return STS.protocol
    }

    /// The services of this build.
    public static let warden = ServiceRegistry([
        Service(signingName: IAM.signingName, protocol: IAM.protocol, operations: IAMOperations.all),
        Service(signingName: STS.signingName, protocol: STS.protocol, operations: STSOperations.all),
        Service(signingName: Organizations.signingName, protocol: Organizations.protocol, operations: OrganizationsOperations.all),
        Service(signingName: CloudTrail.signingName, protocol: CloudTrail.protocol, operations: CloudTrailOperations.all),
    ])
}
