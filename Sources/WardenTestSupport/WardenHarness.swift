public import Foundation
public import Logging
public import PostgresNIO
import WardenAWS
public import WardenServices
import WardenStore

/// A whole Warden service stack on a fresh migrated database, called in process with real SigV4-signed
/// requests: what the HTTP server would do, without sockets. For tests of operations, authorization and
/// races.
public struct WardenHarness: Sendable {
    /// A signing identity: an access key and its secret, and the session token of temporary credentials.
    public struct Credentials: Sendable {
        public let accessKeyID: String
        public let secretAccessKey: String
        public let sessionToken: String?
        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// One answer: status and body text.
    public struct Reply: Sendable, CustomStringConvertible {
        public let status: Int
        public let body: String
        /// The `<Code>` of an error response, nil for a success.
        public var errorCode: String? { Self.element("Code", in: body) }
        /// The `<Message>` of an error response.
        public var errorMessage: String? { Self.element("Message", in: body) }
        public var description: String { "\(status) \(body)" }

        /// The text of the first `<name>` element, XML-unescaped.
        public func value(_ name: String) -> String? { Self.element(name, in: body) }

        /// The texts of every `<name>` element.
        public func values(_ name: String) -> [String] {
            var result: [String] = []
            var rest = body[...]
            while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
                result.append(Self.unescape(String(rest[open.upperBound..<close.lowerBound])))
                rest = rest[close.upperBound...]
            }
            return result
        }

        static func element(_ name: String, in body: String) -> String? {
            guard let open = body.range(of: "<\(name)>"), let close = body.range(of: "</\(name)>", range: open.upperBound..<body.endIndex) else {
                return nil
            }
            return unescape(String(body[open.upperBound..<close.lowerBound]))
        }

        static func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&#xD;", with: "\r").replacingOccurrences(of: "&#xA;", with: "\n")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    public let client: PostgresClient
    public let gateway: AWSGateway
    public let environment: ServiceEnvironment
    public let root: Credentials
    public let accountID: String
    public let logger: Logger

    /// Runs `body` with a harness over a fresh database whose first start made `accountID`. With
    /// `cachingPolicies`, the policy-change listener runs and authorization answers from the policy cache,
    /// as in the server. The account creation worker always runs, as in the server.
    public static func with<Result: Sendable>(
        accountID: String = "111122223333", clock: @escaping @Sendable () -> Date = { Date() }, cachingPolicies: Bool = false,
        _ body: (WardenHarness) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(accountID: accountID, clock: clock, cachingPolicies: cachingPolicies) { harness, _, _ in try await body(harness) }
    }

    /// ``with(accountID:clock:cachingPolicies:_:)``, also handing `body` the database and the master key.
    static func withDatabase<Result: Sendable>(
        accountID: String, clock: @escaping @Sendable () -> Date, cachingPolicies: Bool,
        _ body: (WardenHarness, DatabaseEndpoint, MasterKey) async throws -> Result
    ) async throws -> Result {
        try await withMigratedDatabase { endpoint, client in
            let logger = TestDatabaseServer.shared.logger
            let masterKey = MasterKey.generate()
            guard let root = try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey)
                .run(.init(accountID: accountID), logger: logger)
            else { throw HarnessError.noFirstStart }
            let environment = ServiceEnvironment(client: client, masterKey: masterKey, clock: clock)
            let authenticator = Authenticator(
                credentials: CredentialRepository(client: client), masterKey: masterKey, caches: environment.caches, clock: clock)
            let harness = WardenHarness(
                client: client, gateway: AWSGateway(authenticator: authenticator, environment: environment), environment: environment,
                root: Credentials(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey), accountID: root.accountID,
                logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                // CreateAccount requests are finished in the background, as by the server.
                group.addTask { await AccountCreationWorker(environment: environment).run(logger: logger) }
                // Calls that change nothing are recorded in batches, as by the server.
                group.addTask { await environment.audit.run(logger: logger) }
                if cachingPolicies { group.addTask { await PolicyChangeListener(environment: environment).run(logger: logger) } }
                defer { group.cancelAll() }
                return try await body(harness, endpoint, masterKey)
            }
        }
    }

    /// Calls a Query operation (IAM by default) as `credentials` (root when nil).
    public func call(
        _ action: String, _ parameters: [String: String] = [:], as credentials: Credentials? = nil, service: String = "iam",
        version: String = "2010-05-08"
    ) async -> Reply {
        var form = ["Action": action, "Version": version]
        for (key, value) in parameters { form[key] = value }
        let body = form.keys.sorted().map { "\(Self.encode($0))=\(Self.encode(form[$0]!))" }.joined(separator: "&")
        var request = AWSHTTPRequest(
            method: "POST", target: "/",
            headers: [("Host", "127.0.0.1:9400"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        request.sourceIP = "127.0.0.1"
        let signer = credentials ?? root
        let signed = SigV4Signer(
            accessKeyID: signer.accessKeyID, secretAccessKey: signer.secretAccessKey, securityToken: signer.sessionToken, region: "us-east-1",
            service: service)
            .sign(request, date: environment.clock())
        let response = await gateway.respond(to: signed, logger: logger)
        return Reply(status: response.status, body: String(decoding: response.body, as: UTF8.self))
    }

    /// Creates a user with an access key (and the given inline policy) and returns the key.
    public func user(_ name: String, policy: String? = nil) async throws -> Credentials {
        let created = await call("CreateUser", ["UserName": name])
        guard created.status == 200 else { throw HarnessError.failed("CreateUser", created) }
        if let policy {
            let put = await call("PutUserPolicy", ["UserName": name, "PolicyName": "inline", "PolicyDocument": policy])
            guard put.status == 200 else { throw HarnessError.failed("PutUserPolicy", put) }
        }
        let key = await call("CreateAccessKey", ["UserName": name])
        guard key.status == 200, let id = key.value("AccessKeyId"), let secret = key.value("SecretAccessKey") else {
            throw HarnessError.failed("CreateAccessKey", key)
        }
        return Credentials(accessKeyID: id, secretAccessKey: secret)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A harness set-up step that did not work.
public enum HarnessError: Error, CustomStringConvertible {
    case noFirstStart
    case failed(String, WardenHarness.Reply)

    public var description: String {
        switch self {
        case .noFirstStart: "the first start made no account"
        case .failed(let action, let reply): "\(action) failed: \(reply)"
        }
    }
}
