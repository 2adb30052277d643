import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServer
import WardenStore
import WardenTestSupport

@Suite struct AWSEndpointTests {
    let logger = TestDatabaseServer.shared.logger

    func withApp(maximumBodySize: Int = 1 << 20, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let endpoint = try await TestDatabaseServer.shared.makeMigratedDatabase()
        let client = PostgresClient(configuration: endpoint.clientConfiguration, backgroundLogger: logger)
        var configuration = ServerConfiguration()
        configuration.maximumBodySize = maximumBodySize
        let app = buildApplication(configuration: configuration, client: client, masterKey: .generate(), logger: logger)
        try await app.test(.router, body)
        try await TestDatabaseServer.shared.dropDatabase(endpoint)
    }

    @Test func oversizedBodiesAre413WithAnAWSError() async throws {
        try await withApp(maximumBodySize: 1024) { client in
            let body = ByteBuffer(string: "Action=GetCallerIdentity&Version=2011-06-15&Pad=" + String(repeating: "x", count: 4096))
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[HTTPField.Name("x-amzn-RequestId")!] != nil)
                #expect(String(buffer: response.body).contains("<Code>RequestEntityTooLarge</Code>"))
            }
        }
    }

    @Test func unsignedRequestsAreRefusedInTheServicesProtocol() async throws {
        try await withApp { client in
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "Action=GetCallerIdentity&Version=2011-06-15")) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[HTTPField.Name("x-amzn-RequestId")!] != nil)
                let text = String(buffer: response.body)
                #expect(text.contains("<Code>MissingAuthenticationToken</Code>"))
                #expect(text.contains("<RequestId>"))
                #expect(text.contains(#"xmlns="https://sts.amazonaws.com/doc/2011-06-15/""#))
            }
            // An unsigned IAM request is answered in IAM's namespace: its Version names the API.
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "Action=ListUsers&Version=2010-05-08")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#"xmlns="https://iam.amazonaws.com/doc/2010-05-08/""#))
            }
            try await client.execute(
                uri: "/", method: .post,
                headers: [.contentType: "application/x-amz-json-1.1", HTTPField.Name("X-Amz-Target")!: "AWSOrganizationsV20161128.DescribeOrganization"],
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#""__type":"MissingAuthenticationToken""#))
            }
        }
    }
}
