import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

@Suite struct AuthenticatorTests {
    let logger = TestDatabaseServer.shared.logger
    /// Whole seconds: session tokens carry times as epoch seconds, as AWS does.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    func request(_ body: String = "Action=GetCallerIdentity&Version=2011-06-15") -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: "POST",
            target: "/",
            headers: [("Host", "127.0.0.1:9400"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: body
        )
    }

    /// A database with a first-started account, and an authenticator over it.
    func withAccount(_ body: (Authenticator, FirstStart.RootCredentials, MasterKey, PostgresClient) async throws -> Void) async throws {
        try await withMigratedDatabase { _, client in
            let masterKey = MasterKey.generate()
            let root = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger)
            )
            let authenticator = Authenticator(credentials: CredentialRepository(client: client), masterKey: masterKey)
            try await body(authenticator, root, masterKey, client)
        }
    }

    @Test func rootKeyIsTheAccountRoot() async throws {
        try await withAccount { authenticator, root, _, _ in
            let signed = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
                .sign(request(), date: now)
            let (caller, credential) = try await authenticator.authenticate(signed, logger: logger)
            #expect(caller.kind == .root)
            #expect(caller.arn == "arn:aws:iam::\(root.accountID):root")
            #expect(caller.userID == root.accountID)
            #expect(credential.scope.service == "sts")
        }
    }

    @Test func presignedRequestsAuthenticate() async throws {
        try await withAccount { authenticator, root, _, _ in
            let unsigned = AWSHTTPRequest(method: "GET", target: "/?Action=GetCallerIdentity&Version=2011-06-15", headers: [("Host", "127.0.0.1:9400")])
            let presigned = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
                .presign(unsigned, date: now, expires: 300)
            let (caller, _) = try await authenticator.authenticate(presigned, logger: logger)
            #expect(caller.accountID == root.accountID)
        }
    }

    @Test func presignedRequestsCannotSmuggleABody() async throws {
        try await withAccount { authenticator, root, _, _ in
            let unsigned = AWSHTTPRequest(method: "POST", target: "/?Action=GetCallerIdentity&Version=2011-06-15", headers: [("Host", "127.0.0.1:9400")])
            var presigned = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
                .presign(unsigned, date: now, expires: 300)
            presigned.body = Array("Action=CreateUser&Version=2010-05-08&UserName=mallory".utf8)
            await #expect(throws: AWSServiceError.self) { try await authenticator.authenticate(presigned, logger: logger) }
        }
    }

    @Test func malformedAccessKeyIDsNeverReachTheDatabase() async throws {
        try await withAccount { authenticator, root, _, _ in
            for id in ["AKIA\u{0}AAAAAAAAAAAAAAA", String(repeating: "A", count: 5000), "akiaaaaaaaaaaaaaaaaa", "AKIA"] {
                let signer = SigV4Signer(accessKeyID: id, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
                await #expect(throws: AWSServiceError.invalidClientTokenId) {
                    try await authenticator.authenticate(signer.sign(request(), date: now), logger: logger)
                }
            }
        }
    }

    @Test func keysOfSuspendedAccountsStopWorking() async throws {
        try await withAccount { authenticator, root, _, client in
            try await client.query("UPDATE accounts SET status = 'SUSPENDED' WHERE account_id = \(root.accountID)", logger: logger)
            let signer = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
            await #expect(throws: AWSServiceError.invalidClientTokenId) {
                try await authenticator.authenticate(signer.sign(request(), date: now), logger: logger)
            }
        }
    }

    @Test func aRewrittenRowDoesNotOpenItsSecret() async throws {
        try await withAccount { authenticator, root, _, client in
            try await client.query("INSERT INTO accounts (account_id, name, email) VALUES ('444455556666', 'other', 'other@example.com')", logger: logger)
            try await client.query("UPDATE access_keys SET account_id = '444455556666' WHERE access_key_id = \(root.accessKeyID)", logger: logger)
            let signer = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
            await #expect(throws: AWSServiceError.internalFailure) {
                try await authenticator.authenticate(signer.sign(request(), date: now), logger: logger)
            }
        }
    }

    @Test func wrongSecretUnknownKeyAndInactiveKeyAreRefused() async throws {
        try await withAccount { authenticator, root, _, client in
            let wrong = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: String(repeating: "a", count: 40), region: "us-east-1", service: "sts")
            await #expect(throws: AWSServiceError.signatureDoesNotMatch()) {
                try await authenticator.authenticate(wrong.sign(request(), date: now), logger: logger)
            }
            let unknown = SigV4Signer(accessKeyID: AWSIdentifier.accessKeyID.generate(), secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
            await #expect(throws: AWSServiceError.invalidClientTokenId) {
                try await authenticator.authenticate(unknown.sign(request(), date: now), logger: logger)
            }
            try await client.query("UPDATE access_keys SET status = 'Inactive' WHERE access_key_id = \(root.accessKeyID)", logger: logger)
            let right = SigV4Signer(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey, region: "us-east-1", service: "sts")
            await #expect(throws: AWSServiceError.invalidClientTokenId) {
                try await authenticator.authenticate(right.sign(request(), date: now), logger: logger)
            }
        }
    }

    @Test func sessionTokensNeedNoDatabaseRowAndExpire() async throws {
        try await withAccount { authenticator, root, masterKey, _ in
            let sessions = SessionTokenSealer(masterKey: masterKey)
            let accessKeyID = AWSIdentifier.temporaryAccessKeyID.generate()
            let claims = SessionClaims(
                accessKeyID: accessKeyID, accountID: root.accountID, roleARN: "arn:aws:iam::\(root.accountID):role/ops/Deployer",
                principalID: AWSIdentifier.roleID.generate(), sessionName: "ci-run", issuedAt: now.addingTimeInterval(-60),
                expiresAt: now.addingTimeInterval(3600)
            )
            let token = sessions.issue(claims)
            let signer = SigV4Signer(
                accessKeyID: accessKeyID, secretAccessKey: sessions.secretAccessKey(for: accessKeyID), securityToken: token,
                region: "us-east-1", service: "sts"
            )
            let (caller, _) = try await authenticator.authenticate(signer.sign(request(), date: now), logger: logger)
            #expect(caller.arn == "arn:aws:sts::\(root.accountID):assumed-role/Deployer/ci-run")
            #expect(caller.userID == "\(claims.principalID!):ci-run")
            #expect(caller.tokenIssueTime == claims.issuedAt)

            var expired = claims
            expired.expiresAt = now.addingTimeInterval(-1)
            let expiredSigner = SigV4Signer(
                accessKeyID: accessKeyID, secretAccessKey: sessions.secretAccessKey(for: accessKeyID), securityToken: sessions.issue(expired),
                region: "us-east-1", service: "sts"
            )
            await #expect(throws: AWSServiceError.expiredToken) {
                try await authenticator.authenticate(expiredSigner.sign(request(), date: now), logger: logger)
            }

            let otherServer = SessionTokenSealer(masterKey: .generate())
            let forged = SigV4Signer(
                accessKeyID: accessKeyID, secretAccessKey: otherServer.secretAccessKey(for: accessKeyID), securityToken: otherServer.issue(claims),
                region: "us-east-1", service: "sts"
            )
            await #expect(throws: AWSServiceError.invalidClientTokenId) {
                try await authenticator.authenticate(forged.sign(request(), date: now), logger: logger)
            }
        }
    }

    @Test func unsignedRequestsAreMissingAuthenticationToken() async throws {
        try await withAccount { authenticator, _, _, _ in
            await #expect(throws: AWSServiceError.missingAuthenticationToken) {
                try await authenticator.authenticate(request(), logger: logger)
            }
        }
    }
}
