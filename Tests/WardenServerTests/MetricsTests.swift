import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServer
import WardenServices
import WardenStore
import WardenTestSupport

/// `GET /metrics` of a whole application: calls that succeed, are denied, fail and are refused unsigned move
/// exactly the series they should, and the scrape is valid Prometheus text.
@Suite struct MetricsTests {
    let logger = TestDatabaseServer.shared.logger

    struct Key: Sendable {
        let id: String
        let secret: String
    }

    @Test(.timeLimit(.minutes(3))) func callsAreCountedByServiceOperationStatusAndDecision() async throws {
        try await withMigratedDatabase { endpoint, setupClient in
            let masterKey = MasterKey.generate()
            let first = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: setupClient), masterKey: masterKey).run(.init(), logger: logger))
            let root = Key(id: first.accessKeyID, secret: first.secretAccessKey)
            let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(), client: serverClient, masterKey: masterKey, logger: logger)
            try await app.test(.router) { client in
                let empty = try await Self.scrape(client)
                #expect(empty.types["warden_authorization_decisions_total"] == "counter")
                #expect(empty.series("warden_authorization_decisions_total").count == 21, "every effect and layer, zero until counted")
                #expect(empty.help["warden_authorization_decisions_total"] != nil)

                // Alice may read herself and is denied ListRoles outright; ListUsers nothing allows.
                let policy = #"""
                    {"Version":"2012-10-17","Statement":[
                     {"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
                     {"Effect":"Deny","Action":"iam:ListRoles","Resource":"*"}]}
                    """#
                #expect(try await Self.call(client, "CreateUser", ["UserName": "alice"], as: root).status == .ok)
                #expect(
                    try await Self.call(client, "PutUserPolicy", ["UserName": "alice", "PolicyName": "p", "PolicyDocument": policy], as: root).status
                        == .ok)
                let created = try await Self.call(client, "CreateAccessKey", ["UserName": "alice"], as: root)
                let alice = Key(
                    id: try #require(Self.element("AccessKeyId", in: created.body)), secret: try #require(Self.element("SecretAccessKey", in: created.body)))

                let before = try await Self.scrape(client)
                #expect(try await Self.call(client, "GetUser", ["UserName": "alice"], as: alice).status == .ok)
                #expect(try await Self.call(client, "ListUsers", as: alice).status == .forbidden)
                #expect(try await Self.call(client, "ListRoles", as: alice).status == .forbidden)
                #expect(try await Self.call(client, "GetUser", ["UserName": "nobody"], as: root).status == .notFound)
                #expect(try await Self.call(client, "ListGroups", as: nil).status == .forbidden)
                #expect(try await Self.call(client, "NoSuchOperation", as: nil).status == .forbidden)
                let after = try await Self.scrape(client)

                let requests = Self.delta("warden_requests_total", before, after)
                #expect(
                    requests == [
                        ["service": "iam", "operation": "GetUser", "status": "200"]: 1,
                        ["service": "iam", "operation": "ListUsers", "status": "403"]: 1,
                        ["service": "iam", "operation": "ListRoles", "status": "403"]: 1,
                        ["service": "iam", "operation": "GetUser", "status": "404"]: 1,
                        // Unsigned: refused before authentication, still counted under the operation they name...
                        ["service": "iam", "operation": "ListGroups", "status": "403"]: 1,
                        // ...unless the service has no such operation.
                        ["service": "iam", "operation": "Unknown", "status": "403"]: 1,
                    ])

                var decisions = Self.delta("warden_authorization_decisions_total", before, after)
                let byRoot = decisions.removeValue(forKey: ["effect": "allow", "layer": "rootUser"])
                #expect(
                    decisions == [
                        ["effect": "allow", "layer": "identityPolicy"]: 1,
                        ["effect": "implicitDeny", "layer": "identityPolicy"]: 1,
                        ["effect": "explicitDeny", "layer": "identityPolicy"]: 1,
                    ])
                #expect(byRoot == 1, "root's GetUser of a missing user is allowed, then fails")

                // Every signed call opened one transaction; the unsigned ones none.
                #expect(Self.delta("warden_database_connection_wait_seconds_count", before, after) == [[:]: 4])
                #expect(after.value("warden_database_transactions_in_progress") == 0)
                #expect(after.value("warden_database_transactions_waiting") == 0)
                // Every signed call looked its key up once.
                // Every signed call looked its key up once, and every authorization its caller's policies.
                let lookups = Self.delta("warden_authorization_cache_lookups_total", before, after)
                #expect(lookups.filter { $0.key["cache"] == "access_keys" }.values.reduce(0, +) == 4)
                #expect(lookups.filter { $0.key["cache"] == "principals" }.values.reduce(0, +) == 4)

                let durations = Self.delta("warden_request_duration_seconds_count", before, after)
                #expect(durations[["service": "iam", "operation": "GetUser"]] == 2)
                #expect(after.types["warden_request_duration_seconds"] == "histogram")
                let buckets = after.samples.filter { $0.name == "warden_request_duration_seconds_bucket" && $0.labels["operation"] == "GetUser" }
                #expect(buckets.map { $0.labels["le"]! }.first == "0.0005")
                #expect(buckets.map { $0.labels["le"]! }.suffix(2) == ["5.0", "+Inf"])
                #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "buckets are cumulative")
                #expect(buckets.last?.value == after.value("warden_request_duration_seconds_count", ["service": "iam", "operation": "GetUser"]))

                let backlog = try #require(after.value("warden_audit_backlog_events"))
                #expect(after.types["warden_audit_backlog_events"] == "gauge")
                #expect(backlog >= 0 && backlog == backlog.rounded())
            }
        }
    }

    /// Once the policy-change listener is listening, a key's second use is answered from memory.
    @Test(.timeLimit(.minutes(3))) func cacheHitsAreCounted() async throws {
        try await withMigratedDatabase { endpoint, setupClient in
            let masterKey = MasterKey.generate()
            let first = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: setupClient), masterKey: masterKey).run(.init(), logger: logger))
            let root = Key(id: first.accessKeyID, secret: first.secretAccessKey)
            let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(), client: serverClient, masterKey: masterKey, logger: logger)
            try await app.test(.router) { client in
                var hits = 0.0
                for _ in 0..<40 where hits == 0 {
                    #expect(try await Self.call(client, "ListUsers", as: root).status == .ok)
                    hits = try await Self.scrape(client).value("warden_authorization_cache_lookups_total", ["cache": "access_keys", "result": "hit"]) ?? 0
                    if hits == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(hits > 0)
                let metrics = try await Self.scrape(client)
                #expect((metrics.value("warden_authorization_cache_lookups_total", ["cache": "access_keys", "result": "miss"]) ?? 0) >= 1)
            }
        }
    }

    @Test func theRouteIsUnsignedAndPlainText() async throws {
        try await withMigratedDatabase { endpoint, _ in
            let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(), client: serverClient, masterKey: .generate(), logger: logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                    _ = try PrometheusExposition(String(buffer: response.body))
                }
            }
        }
    }

    // MARK: - Helpers

    static func scrape(_ client: any TestClientProtocol) async throws -> PrometheusExposition {
        let text = try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
        return try PrometheusExposition(text)
    }

    /// How much each counter series of `name` grew from `before` to `after` (series that did not grow left out).
    static func delta(_ name: String, _ before: PrometheusExposition, _ after: PrometheusExposition) -> [[String: String]: Double] {
        let old = before.series(name)
        var result: [[String: String]: Double] = [:]
        for (labels, value) in after.series(name) where value != old[labels, default: 0] { result[labels] = value - old[labels, default: 0] }
        return result
    }

    /// An IAM Query call, signed as `key` (unsigned when nil).
    static func call(
        _ client: any TestClientProtocol, _ action: String, _ parameters: [String: String] = [:], as key: Key?
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        var form = ["Action": action, "Version": "2010-05-08"]
        form.merge(parameters) { _, new in new }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.keys.sorted().map { "\($0)=\(form[$0]!.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        var request = AWSHTTPRequest(
            method: "POST", target: "/", headers: [("Host", "127.0.0.1:9400"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        if let key {
            request = SigV4Signer(accessKeyID: key.id, secretAccessKey: key.secret, region: "us-east-1", service: "iam").sign(request, date: Date())
        }
        var headers = HTTPFields()
        for header in request.headers { headers.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value)) }
        return try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(bytes: request.body)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    static func element(_ name: String, in body: String) -> String? {
        guard let open = body.range(of: "<\(name)>"), let close = body.range(of: "</\(name)>", range: open.upperBound..<body.endIndex) else {
            return nil
        }
        return String(body[open.upperBound..<close.lowerBound])
    }
}
