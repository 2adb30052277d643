import Foundation
import PostgresNIO
import Testing
import WardenAWS
@testable import WardenServices
import WardenStore
import WardenTestSupport

/// Session tokens are sealed under a stored, rotatable session key named in the token: rotation keeps live
/// sessions working, deleting a key ends its sessions, and a key the store does not have opens nothing.
@Suite struct SessionKeyRotationTests {
    static let account = "111122223333"
    typealias T = STSOperationTests

    static func session(_ warden: WardenHarness, _ user: WardenHarness.Credentials) async throws -> WardenHarness.Credentials {
        try T.credentials(await T.sts(warden, "GetSessionToken", as: user))
    }

    static func works(_ warden: WardenHarness, _ session: WardenHarness.Credentials) async -> String? {
        let reply = await T.sts(warden, "GetCallerIdentity", as: session)
        return reply.status == 200 ? nil : reply.errorCode
    }

    static func rotate(_ warden: WardenHarness) async throws -> String {
        let (keyID, sealed) = warden.environment.sessions.sealNewKey()
        _ = try await SessionKeyRepository(client: warden.client).rotate(to: keyID, sealedKey: sealed, logger: warden.logger)
        return keyID
    }

    @Test func theFirstIssueCreatesTheKeyAndTokensNameIt() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let repository = SessionKeyRepository(client: warden.client)
            #expect(try await repository.all(logger: warden.logger).isEmpty)
            let alice = try await warden.user("alice")
            let session = try await Self.session(warden, alice)
            let keys = try await repository.all(logger: warden.logger)
            #expect(keys.count == 1)
            #expect(keys.first?.retiredAt == nil)
            let token = try #require(session.sessionToken)
            #expect(warden.environment.sessions.keyID(of: token) == keys.first?.keyID)
            #expect(await Self.works(warden, session) == nil)
            // The key is stored sealed, never in the clear: 32 bytes of key + nonce + tag.
            #expect(keys.first?.sealedKey.count == 12 + 32 + 16)
        }
    }

    @Test func rotationKeepsLiveSessionsAndSealsNewOnesUnderTheNewKey() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let before = try await Self.session(warden, alice)
            let first = try #require(warden.environment.sessions.keyID(of: before.sessionToken!))
            let second = try await Self.rotate(warden)
            #expect(second != first)

            let after = try await Self.session(warden, alice)
            #expect(warden.environment.sessions.keyID(of: after.sessionToken!) == second)
            let third = try await Self.rotate(warden)
            let latest = try await Self.session(warden, alice)
            #expect(warden.environment.sessions.keyID(of: latest.sessionToken!) == third)
            // Retired keys still open their tokens.
            for session in [before, after, latest] { #expect(await Self.works(warden, session) == nil) }

            let keys = try await SessionKeyRepository(client: warden.client).all(logger: warden.logger)
            #expect(keys.map(\.keyID) == [third, second, first])
            #expect(keys.filter { $0.retiredAt == nil }.map(\.keyID) == [third])
        }
    }

    @Test func deletingARetiredKeyEndsItsSessions() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let old = try await Self.session(warden, alice)
            let oldKey = try #require(warden.environment.sessions.keyID(of: old.sessionToken!))
            _ = try await Self.rotate(warden)
            let new = try await Self.session(warden, alice)
            let repository = SessionKeyRepository(client: warden.client)

            // The current key cannot be deleted; the retired one can.
            let current = try #require(warden.environment.sessions.keyID(of: new.sessionToken!))
            #expect(try await repository.deleteRetired(keyID: current, logger: warden.logger).isEmpty)
            #expect(try await repository.deleteRetired(keyID: oldKey, logger: warden.logger) == [oldKey])
            try await warden.gateway.authenticator.sessionKeys.dropDeletedKeys(logger: warden.logger)

            #expect(await Self.works(warden, old) == "InvalidClientTokenId")
            #expect(await Self.works(warden, new) == nil)
        }
    }

    @Test func pruneDeletesOnlyKeysRetiredLongEnoughAgo() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            _ = try await Self.session(warden, alice)
            _ = try await Self.rotate(warden)
            let repository = SessionKeyRepository(client: warden.client)
            #expect(try await repository.deleteRetired(retiredBefore: Date().addingTimeInterval(-3600), logger: warden.logger).isEmpty)
            #expect(try await repository.deleteRetired(retiredBefore: Date().addingTimeInterval(60), logger: warden.logger).count == 1)
            #expect(try await repository.all(logger: warden.logger).count == 1)
        }
    }

    @Test func aTokenUnderAKeyTheStoreDoesNotHaveIsInvalid() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let alice = try await warden.user("alice")
            let genuine = try await Self.session(warden, alice)
            // A key this server's sealer holds but the store never had.
            let sessions = warden.environment.sessions
            let (keyID, sealed) = sessions.sealNewKey()
            try sessions.install(keyID: keyID, sealed: sealed)
            let claims = try sessions.openSession(genuine.sessionToken!, accessKeyID: genuine.accessKeyID, now: Date()).claims
            let forged = WardenHarness.Credentials(
                accessKeyID: claims.accessKeyID, secretAccessKey: try sessions.secretAccessKey(for: claims, keyID: keyID),
                sessionToken: try sessions.issue(claims, keyID: keyID))
            #expect(await Self.works(warden, forged) == "InvalidClientTokenId")
            #expect(await Self.works(warden, genuine) == nil)
        }
    }

    @Test func secretsDependOnTheSessionNonceAndKey() throws {
        let sessions = SessionTokenSealer(masterKey: .generate())
        let (keyID, sealed) = sessions.sealNewKey()
        try sessions.install(keyID: keyID, sealed: sealed)
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // tokens carry whole seconds
        let accessKeyID = AWSIdentifier.temporaryAccessKeyID.generate()
        let a = SessionClaims(
            accessKeyID: accessKeyID, accountID: Self.account, issuedAt: now, expiresAt: now + 900, nonce: SessionClaims.newNonce())
        var b = a
        b.nonce = SessionClaims.newNonce()
        #expect(a.nonce != nil && a.nonce != b.nonce)
        let secretA = try sessions.secretAccessKey(for: a, keyID: keyID)
        #expect(secretA.count == 40)
        #expect(secretA != (try sessions.secretAccessKey(for: b, keyID: keyID)))
        let (otherID, otherSealed) = sessions.sealNewKey()
        try sessions.install(keyID: otherID, sealed: otherSealed)
        #expect(secretA != (try sessions.secretAccessKey(for: a, keyID: otherID)))

        // A stored key opens only under its own id and master key.
        #expect(throws: SessionTokenSealer.Error.cannotOpenKey) { try sessions.install(keyID: otherID, sealed: sealed) }
        #expect(throws: SessionTokenSealer.Error.cannotOpenKey) {
            try SessionTokenSealer(masterKey: .generate()).install(keyID: keyID, sealed: sealed)
        }
        // A token opens with its secret; tampering with the key id is detected.
        let token = try sessions.issue(a, keyID: keyID)
        let opened = try sessions.openSession(token, accessKeyID: accessKeyID, now: now)
        #expect(opened.claims == a)
        #expect(opened.secret == secretA)
        var bytes = Array(Data(base64Encoded: token)!)
        bytes[3] = bytes[3] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(throws: AWSServiceError.invalidClientTokenId) {
            try sessions.open(Data(bytes).base64EncodedString(), accessKeyID: accessKeyID, now: now)
        }
    }
}
