import Foundation
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

/// The real AWS CLI and boto3 against a real server on a real PostgreSQL: the compatibility contract.
@Suite struct InteropTests {
    let logger = TestDatabaseServer.shared.logger

    /// A running server with a first-started account, and the environment a CLI user would set.
    func withServer(_ body: @escaping @Sendable (_ environment: [String: String], _ root: FirstStart.RootCredentials) async throws -> Void) async throws {
        try await withInteropServer(logger: logger, body)
    }

    @Test func awsCLIGetCallerIdentityWithTheRootKey() async throws {
        try await withServer { environment, root in
            let result = try await Clients.run(["aws", "sts", "get-caller-identity", "--output", "json"], environment: environment)
            #expect(result.status == 0, "\(result.error)")
            let identity = try JSONDecoder().decode([String: String].self, from: Data(result.output.utf8))
            #expect(identity == ["UserId": root.accountID, "Account": root.accountID, "Arn": "arn:aws:iam::\(root.accountID):root"])
        }
    }

    @Test func awsCLIWrongSecretIsSignatureDoesNotMatch() async throws {
        try await withServer { environment, _ in
            var environment = environment
            environment["AWS_SECRET_ACCESS_KEY"] = String(repeating: "x", count: 40)
            let result = try await Clients.run(["aws", "sts", "get-caller-identity"], environment: environment)
            #expect(result.status != 0)
            #expect(result.error.contains("(SignatureDoesNotMatch)"), "\(result.error)")
        }
    }

    @Test func awsCLIUnknownKeyIsInvalidClientTokenId() async throws {
        try await withServer { environment, _ in
            var environment = environment
            environment["AWS_ACCESS_KEY_ID"] = AWSIdentifier.accessKeyID.generate()
            let result = try await Clients.run(["aws", "sts", "get-caller-identity"], environment: environment)
            #expect(result.status != 0)
            #expect(result.error.contains("(InvalidClientTokenId)"), "\(result.error)")
            #expect(result.error.contains("The security token included in the request is invalid"))
        }
    }

    @Test func boto3GetCallerIdentity() async throws {
        try await withServer { environment, root in
            let result = try await Clients.boto3("caller-identity", environment: environment)
            #expect(result["ok"] as? Bool == true, "\(result)")
            let identity = result["result"] as? [String: String]
            #expect(identity?["Arn"] == "arn:aws:iam::\(root.accountID):root")
            #expect(identity?["Account"] == root.accountID)
        }
    }

    @Test func boto3RequestDatedTwentyMinutesAgoIsRefused() async throws {
        try await withServer { environment, _ in
            let result = try await Clients.boto3("stale-date", environment: environment)
            #expect(result["ok"] as? Bool == false)
            #expect(result["code"] as? String == "SignatureDoesNotMatch")
            #expect((result["message"] as? String)?.hasPrefix("Signature expired:") == true, "\(result)")
            #expect(result["status"] as? Int == 403)
        }
    }

    @Test func boto3MalformedBodyIsAnAWSShapedClientError() async throws {
        try await withServer { environment, _ in
            let result = try await Clients.boto3("malformed-query-body", environment: environment)
            // AWS's common errors: MalformedQueryString is a 404.
            #expect(result["status"] as? Int == 404, "\(result)")
            #expect((result["body"] as? String)?.contains("<Code>MalformedQueryString</Code>") == true)
            let body = result["body"] as? String ?? ""
            #expect(body.contains("<ErrorResponse"), "\(body)")
            #expect(body.contains("<Type>Sender</Type>"))
            #expect(body.contains("<RequestId>"))
        }
    }

    @Test func boto3UnknownActionIsInvalidAction() async throws {
        try await withServer { environment, _ in
            let result = try await Clients.boto3("unknown-action", environment: environment)
            #expect(result["status"] as? Int == 400, "\(result)")
            #expect((result["body"] as? String)?.contains("<Code>InvalidAction</Code>") == true, "\(result)")
        }
    }

    @Test func boto3UnknownOrganizationsOperation() async throws {
        try await withServer { environment, _ in
            let result = try await Clients.boto3("unknown-organizations-operation", environment: environment)
            #expect(result["code"] as? String == "UnknownOperationException", "\(result)")
        }
    }

    @Test func hostileRequestsGetClientErrorsAndTheServerKeepsServing() async throws {
        try await withServer { environment, _ in
            let result = try await Clients.run(
                ["python3", Clients.scripts.appendingPathComponent("hostile_client.py").path, "2026"],
                environment: environment
            )
            let report = try #require(
                (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any],
                "hostile_client.py printed no report: \(result.error)"
            )
            #expect((report["requests"] as? Int ?? 0) >= 500, "\(report)")
            #expect((report["server_errors"] as? [String])?.isEmpty == true, "\(report)")
            #expect((report["missing_request_id"] as? [String])?.isEmpty == true, "\(report)")
            #expect(report["still_serving"] as? Bool == true)
        }
    }

    @Test func inactiveKeysStopWorkingAtOnce() async throws {
        try await Clients.requireInstalled()
        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            let serverClient = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
            let app = buildApplication(configuration: ServerConfiguration(hostname: "127.0.0.1", port: 0), client: serverClient, masterKey: masterKey, logger: logger)
            try await app.test(.live) { testClient in
                let port = try #require(testClient.port)
                let environment = Clients.environment(endpoint: "http://127.0.0.1:\(port)", accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
                #expect(try await Clients.run(["aws", "sts", "get-caller-identity"], environment: environment).status == 0)
                try await client.query("UPDATE access_keys SET status = 'Inactive' WHERE access_key_id = \(root.accessKeyID)", logger: logger)
                let refused = try await Clients.run(["aws", "sts", "get-caller-identity"], environment: environment)
                #expect(refused.error.contains("(InvalidClientTokenId)"), "\(refused.error)")
            }
        }
    }
}
