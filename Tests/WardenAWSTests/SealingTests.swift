import Foundation
import Testing
@testable import WardenAWS

struct SealingTests {
    let master = MasterKey.generate()

    @Test func masterKeyFromBase64() throws {
        let text = master.base64
        #expect(Data(base64Encoded: text)?.count == 32)
        let again = try MasterKey(base64: " \(text)\n")
        #expect(again.base64 == text)
        #expect(throws: MasterKey.Error.invalid) { try MasterKey(base64: "c2hvcnQ=") }
        #expect(throws: MasterKey.Error.invalid) { try MasterKey(base64: "not base64!") }
        #expect(!"\(master)".contains(text))
    }

    @Test func secretRoundTripAndBinding() throws {
        let sealer = SecretSealer(masterKey: master)
        let secret = AWSIdentifier.secretAccessKey.generate()
        let sealed = sealer.seal(secret, binding: Self.binding)
        #expect(sealed.count == 10 + 12 + 40 + 16)
        #expect(SecretSealer.masterKeyID(of: sealed) == master.id)
        #expect(try sealer.open(sealed, binding: Self.binding) == secret)
        // Bound to its access key id.
        #expect(throws: SecretSealer.Error.cannotOpen) { try sealer.open(sealed, binding: .init(accessKeyID: "AKIABBBBBBBBBBBBBBBB", accountID: "111122223333", userID: nil)) }
        // Tampering is detected.
        var tampered = sealed
        tampered[20] ^= 1
        #expect(throws: SecretSealer.Error.cannotOpen) { try sealer.open(tampered, binding: Self.binding) }
        // Another master key cannot open it.
        #expect(throws: SecretSealer.Error.cannotOpen) {
            try SecretSealer(masterKey: .generate()).open(sealed, binding: Self.binding)
        }
        // Fresh nonce each time.
        #expect(sealer.seal(secret, binding: Self.binding) != sealed)
        // Bound to its account and owner: a user's key rewritten into a root key, or moved, does not open.
        let usersKey = SecretBinding(accessKeyID: "AKIAAAAAAAAAAAAAAAAA", accountID: "111122223333", userID: "AIDAAAAAAAAAAAAAAAAAA")
        let usersSealed = sealer.seal(secret, binding: usersKey)
        #expect(throws: SecretSealer.Error.cannotOpen) { try sealer.open(usersSealed, binding: Self.binding) }
        #expect(throws: SecretSealer.Error.cannotOpen) {
            try sealer.open(usersSealed, binding: .init(accessKeyID: usersKey.accessKeyID, accountID: "444455556666", userID: usersKey.userID))
        }
    }

    @Test func aRotationsKeysBothOpenAndOnlyTheCurrentSeals() throws {
        let old = master
        let new = MasterKey.generate()
        #expect(old.id != new.id && old.id.count == 16)
        let secret = AWSIdentifier.secretAccessKey.generate()
        let underOld = SecretSealer(masterKey: old).seal(secret, binding: Self.binding)
        // Sealed before values named their key: nonce ‖ ciphertext ‖ tag.
        let beforeIDs = Array(underOld.dropFirst(10))
        #expect(SecretSealer.masterKeyID(of: beforeIDs) == nil)

        // The new key alone opens nothing of the old one's.
        #expect(throws: SecretSealer.Error.cannotOpen) { try SecretSealer(masterKey: new).open(underOld, binding: Self.binding) }
        // During the rotation both open, whichever seals; what is sealed names the sealing key.
        for sealer in [SecretSealer(masterKey: new.opening(also: [old])), SecretSealer(masterKey: old.opening(also: [new]))] {
            #expect(try sealer.open(underOld, binding: Self.binding) == secret)
            #expect(try sealer.open(beforeIDs, binding: Self.binding) == secret)
        }
        let rotating = SecretSealer(masterKey: new.opening(also: [old]))
        let underNew = rotating.seal(secret, binding: Self.binding)
        #expect(SecretSealer.masterKeyID(of: underNew) == new.id)
        #expect(rotating.isSealedUnderCurrentKey(underNew) && !rotating.isSealedUnderCurrentKey(underOld) && !rotating.isSealedUnderCurrentKey(beforeIDs))
        #expect(try SecretSealer(masterKey: new).open(underNew, binding: Self.binding) == secret)
        #expect(try SecretSealer(masterKey: old.opening(also: [new])).open(underNew, binding: Self.binding) == secret)
        // A rewritten id neither opens the value under another key nor keeps its own key from opening it.
        var relabelled = underOld
        relabelled.replaceSubrange(2..<10, with: new.idBytes)
        #expect(throws: SecretSealer.Error.cannotOpen) { try SecretSealer(masterKey: new).open(relabelled, binding: Self.binding) }
        #expect(try rotating.open(relabelled, binding: Self.binding) == secret)

        // Session keys: sealed under the old key, resealed under the new one, installed by a sealer without the old key.
        let (keyID, sealedKey) = SessionTokenSealer(masterKey: old).sealNewKey()
        #expect(throws: SessionTokenSealer.Error.cannotOpenKey) { try SessionTokenSealer(masterKey: new).install(keyID: keyID, sealed: sealedKey) }
        let resealed = try SessionTokenSealer(masterKey: new.opening(also: [old])).reseal(keyID: keyID, sealed: sealedKey)
        try SessionTokenSealer(masterKey: new).install(keyID: keyID, sealed: resealed)
        #expect(throws: SessionTokenSealer.Error.cannotOpenKey) { try SessionTokenSealer(masterKey: old).install(keyID: keyID, sealed: resealed) }
    }

    static let binding = SecretBinding(accessKeyID: "AKIAAAAAAAAAAAAAAAAA", accountID: "111122223333", userID: nil)

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    func claims(_ key: String) -> SessionClaims {
        SessionClaims(
            accessKeyID: key, accountID: "123456789012", roleARN: "arn:aws:iam::123456789012:role/Admin",
            principalID: "AROAEXAMPLEEXAMPLE123", sessionName: "alice", issuedAt: Self.now, expiresAt: Self.now + 3600,
            sourceIdentity: "alice@example.com", tags: [.init(key: "team", value: "blue")], transitiveTagKeys: ["team"],
            sessionPolicy: #"{"Version":"2012-10-17","Statement":[]}"#, sessionPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    }

    @Test func sessionTokenRoundTrip() throws {
        let sealer = SessionTokenSealer(masterKey: master)
        let key = AWSIdentifier.temporaryAccessKeyID.generate()
        let token = sealer.issue(claims(key))
        let opened = try sealer.open(token, accessKeyID: key, now: Self.now + 10)
        #expect(opened == claims(key))
    }

    @Test func sessionTokenFailures() throws {
        let sealer = SessionTokenSealer(masterKey: master)
        let key = AWSIdentifier.temporaryAccessKeyID.generate()
        let token = sealer.issue(claims(key))
        #expect(throws: AWSServiceError.expiredToken) { try sealer.open(token, accessKeyID: key, now: Self.now + 3600) }
        #expect(throws: AWSServiceError.invalidClientTokenId) {
            try sealer.open(token, accessKeyID: AWSIdentifier.temporaryAccessKeyID.generate(), now: Self.now)
        }
        var bytes = Array(Data(base64Encoded: token)!)
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: AWSServiceError.invalidClientTokenId) {
            try sealer.open(Data(bytes).base64EncodedString(), accessKeyID: key, now: Self.now)
        }
        #expect(throws: AWSServiceError.invalidClientTokenId) { try sealer.open("garbage", accessKeyID: key, now: Self.now) }
        #expect(throws: AWSServiceError.invalidClientTokenId) {
            try SessionTokenSealer(masterKey: .generate()).open(token, accessKeyID: key, now: Self.now)
        }
    }

    @Test func temporarySecretsAreDerivedNotStored() throws {
        let sealer = SessionTokenSealer(masterKey: master)
        let a = sealer.secretAccessKey(for: "ASIAAAAAAAAAAAAAAAAA")
        #expect(a.count == 40)
        #expect(AWSIdentifier.secretAccessKey.isValid(a))
        #expect(sealer.secretAccessKey(for: "ASIAAAAAAAAAAAAAAAAA") == a)
        #expect(sealer.secretAccessKey(for: "ASIAAAAAAAAAAAAAAAAB") != a)
        #expect(SessionTokenSealer(masterKey: .generate()).secretAccessKey(for: "ASIAAAAAAAAAAAAAAAAA") != a)

        // End to end: sign with the derived secret and a session token, verify on the server side.
        let key = "ASIAAAAAAAAAAAAAAAAA"
        let token = sealer.issue(claims(key))
        let signer = SigV4Signer(accessKeyID: key, secretAccessKey: a, securityToken: token, region: "us-east-1", service: "sts")
        let request = signer.sign(
            AWSHTTPRequest(
                method: "POST", target: "/", headers: [("Host", "localhost")], body: "Action=GetCallerIdentity&Version=2011-06-15"),
            date: Self.now + 5)
        let credential = try SigV4.parse(request, now: Self.now + 6)
        let session = try sealer.open(try #require(credential.securityToken), accessKeyID: credential.accessKeyID, now: Self.now + 6)
        try SigV4Verifier().verify(
            credential, request: request, secretAccessKey: sealer.secretAccessKey(for: session.accessKeyID))
    }
}
