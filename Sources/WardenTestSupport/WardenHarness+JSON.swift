import Foundation
import WardenAWS
import WardenServices

extension WardenHarness {
    /// One JSON 1.1 answer: status, the decoded body, and the error's type and message.
    public struct JSONReply: Sendable, CustomStringConvertible {
        public let status: Int
        public let body: String

        /// The decoded body (a dictionary for every AWS JSON response).
        public var object: [String: any Sendable] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: any Sendable]) ?? [:]
        }

        /// The error's code: `__type` without a namespace prefix; nil for a success.
        public var errorCode: String? {
            guard status >= 300, let type = object["__type"] as? String else { return nil }
            return type.split(separator: "#").last.map(String.init)
        }

        /// The error's message (`message` or `Message`).
        public var errorMessage: String? { (object["message"] ?? object["Message"]) as? String }

        /// The value at a dotted path of member names (`Organization.Id`).
        public subscript(path: String) -> (any Sendable)? {
            var current: (any Sendable)? = object
            for name in path.split(separator: ".") {
                current = (current as? [String: any Sendable])?[String(name)]
            }
            return current
        }

        /// The string at a dotted path.
        public func string(_ path: String) -> String? { self[path] as? String }

        /// The objects of the list at a dotted path.
        public func list(_ path: String) -> [[String: any Sendable]] { self[path] as? [[String: any Sendable]] ?? [] }

        public var description: String { "\(status) \(body)" }
    }

    /// Calls a JSON 1.1 operation (Organizations by default) as `credentials` (root when nil); `body` is
    /// the request's JSON object.
    public func json(
        _ operation: String, _ body: [String: any Sendable] = [:], as credentials: Credentials? = nil, service: String = "organizations",
        targetPrefix: String = "AWSOrganizationsV20161128"
    ) async -> JSONReply {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        let request = AWSHTTPRequest(
            method: "POST", target: "/",
            headers: [
                ("Host", "127.0.0.1:9400"), ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ],
            body: Array(data))
        let signer = credentials ?? root
        let signed = SigV4Signer(
            accessKeyID: signer.accessKeyID, secretAccessKey: signer.secretAccessKey, securityToken: signer.sessionToken, region: "us-east-1",
            service: service)
            .sign(request, date: environment.clock())
        let response = await gateway.respond(to: signed, logger: logger)
        return JSONReply(status: response.status, body: String(decoding: response.body, as: UTF8.self))
    }
}
