import Foundation
import Testing
import WardenTestSupport

/// `AssumeRoleWithWebIdentity` through boto3 and the AWS CLI, with a real OpenID Connect identity provider on
/// loopback (`Clients/web_identity.py`): its discovery document and JWKS are served over HTTPS with a certificate
/// made for the test, which the server is told to trust (`identityProviderTrustRoots`, what
/// `--identity-provider-ca-file` sets).
@Suite struct WebIdentityInteropTests {
    static let script = Clients.scripts.appendingPathComponent("web_identity.py").path

    @Test(arguments: ["boto3", "cli"])
    func scenario(_ name: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-idp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try await ChildProcess.run(["python3", Self.script, "make-cert", directory.path])
        try #require(made.status == 0, "could not make the identity provider's certificate: \(made.error)")
        let certificate = directory.appendingPathComponent("idp-cert.pem").path
        try await withInteropServer(identityProviderTrustRoots: [certificate]) { environment, _ in
            var environment = environment
            environment["WARDEN_TEST_IDP_CERT"] = certificate
            environment["WARDEN_TEST_IDP_KEY"] = directory.appendingPathComponent("idp-key.pem").path
            try await Clients.expectScenario(Self.script, name, environment: environment)
        }
    }

    @Test func everyScenarioRuns() async throws {
        #expect(try await Clients.scenarioNames(Self.script) == ["boto3", "cli"])
    }
}
