public import Foundation
public import Logging
public import WardenAWS
public import WardenStore

/// Turns a signed request into the caller it acts as, or the error AWS gives for it.
///
/// Long-term keys are read from the database, or from memory while the policy-change listener keeps that
/// consistent (every change to a key, its owner or its account notifies on commit), so a key made inactive
/// or deleted stops working at once here and within the notification's delivery on every other replica. Temporary keys need no read: their session token carries the session.
public struct Authenticator: Sendable {
    public let credentials: CredentialRepository
    public let secrets: SecretSealer
    public let sessions: SessionTokenSealer
    /// Installs the session keys tokens name, and drops deleted ones.
    public let sessionKeys: SessionKeySync
    public let verifier: SigV4Verifier
    /// Access keys held in memory while the policy-change listener keeps them consistent (the environment's).
    let caches: AuthorizationCaches
    /// What a key Warden never issued is: refused (`serve`), or an account's root user (`emulate`).
    public let unknownKeys: UnknownAccessKeys
    let clock: @Sendable () -> Date

    public init(
        credentials: CredentialRepository,
        masterKey: MasterKey,
        verifier: SigV4Verifier = SigV4Verifier(),
        caches: AuthorizationCaches = AuthorizationCaches(),
        unknownKeys: UnknownAccessKeys = .refused,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.caches = caches
        self.unknownKeys = unknownKeys
        self.credentials = credentials
        self.secrets = SecretSealer(masterKey: masterKey)
        self.sessions = SessionTokenSealer(masterKey: masterKey)
        self.sessionKeys = SessionKeySync(repository: SessionKeyRepository(client: credentials.client), sessions: sessions)
        self.verifier = verifier
        self.clock = clock
    }

    /// The caller of `request` and the credential scope it signed for.
    ///
    /// - Throws: ``AWSServiceError`` — `MissingAuthenticationToken`, `IncompleteSignature`,
    ///   `InvalidClientTokenId`, `SignatureDoesNotMatch`, `ExpiredToken`, `RequestExpired`.
    public func authenticate(_ request: AWSHTTPRequest, logger: Logger) async throws -> (Caller, SigV4Credential) {
        var attribution = Attribution()
        return try await authenticate(request, logger: logger, attribution: &attribution)
    }

    /// What a request that failed authentication tells of who sent it, for its audit event.
    public struct Attribution: Sendable {
        /// The access key id the request names.
        public var accessKeyID: String?
        /// The account of that key, when Warden issued it.
        public var accountID: String?
        public var scope: CredentialScope?
    }

    /// ``authenticate(_:logger:)``, filling `attribution` as far as it gets.
    public func authenticate(_ request: AWSHTTPRequest, logger: Logger, attribution: inout Attribution) async throws -> (Caller, SigV4Credential) {
        let now = clock()
        let credential = try SigV4.parse(request, now: now)
        attribution.accessKeyID = credential.accessKeyID
        attribution.scope = credential.scope
        // A presigned signature does not cover the body, and the body's parameters would override the signed
        // query: whoever holds the URL could choose the operation.
        if case .presignedQuery = credential.form, !request.body.isEmpty {
            throw AWSServiceError.signatureDoesNotMatch(
                "A presigned request's body is not signed: send its parameters in the signed query string.")
        }
        if let token = credential.securityToken {
            let session: (claims: SessionClaims, secret: String)
            do {
                try await sessionKeys.prepare(token: token, logger: logger)
                session = try sessions.openSession(token, accessKeyID: credential.accessKeyID, now: now)
            } catch let error as AWSServiceError {
                // Not a session Warden issued (an emulator's `testing` token): no secret to check it with.
                guard error == .invalidClientTokenId, let caller = unknownKeys.caller(for: credential) else { throw error }
                return (caller, credential)
            }
            attribution.accountID = session.claims.accountID
            try verifier.verify(credential, request: request, secretAccessKey: session.secret)
            return (try Self.caller(from: session.claims), credential)
        }
        // AWS's alphabet and lengths only: anything else (a NUL byte, megabytes of id) never reaches the database.
        guard Self.isPlausibleAccessKeyID(credential.accessKeyID),
            let opened = try await caches.accessKeys.value(for: credential.accessKeyID, load: {
                try await credentials.accessKey(id: credential.accessKeyID, logger: logger).map { (try open($0, logger: logger), $0.accountID) }
            })
        else {
            if let caller = unknownKeys.caller(for: credential) { return (caller, credential) }
            throw AWSServiceError.invalidClientTokenId
        }
        guard opened.record.status == .active, opened.record.accountIsActive else { throw AWSServiceError.invalidClientTokenId }
        let (key, secret) = (opened.record, opened.secret)
        attribution.accountID = key.accountID
        try verifier.verify(credential, request: request, secretAccessKey: secret)
        let kind: Caller.Kind =
            if let owner = key.owner { .user(userID: owner.userID, name: owner.name, path: owner.path) } else { .root }
        return (Caller(accountID: key.accountID, kind: kind, accessKeyID: key.accessKeyID), credential)
    }

    /// A long-term key with its secret opened: what the access-key cache holds, so a cached key costs no
    /// decryption. (The signing-key cache holds keys derived from the same secret in memory anyway.)
    struct OpenedAccessKey: Sendable {
        let record: AccessKeyRecord
        let secret: String
    }

    private func open(_ key: AccessKeyRecord, logger: Logger) throws -> OpenedAccessKey {
        do {
            let binding = SecretBinding(accessKeyID: key.accessKeyID, accountID: key.accountID, userID: key.owner?.userID)
            return OpenedAccessKey(record: key, secret: try secrets.open(key.sealedSecret, binding: binding))
        } catch {
            logger.error("an access key's secret does not open under the master key", metadata: ["warden.access_key_id": "\(key.accessKeyID)"])
            throw AWSServiceError.internalFailure
        }
    }

    /// 16 to 128 upper-case letters and digits: the shape of every access key id Warden issues or accepts.
    static func isPlausibleAccessKeyID(_ id: String) -> Bool {
        (16...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// The caller a session acts as: a role session (`AssumeRole`), a federated user (`GetFederationToken`),
    /// or the IAM user or root user that called `GetSessionToken` (which acts as that user, as
    /// `GetCallerIdentity` shows).
    static func caller(from claims: SessionClaims) throws(AWSServiceError) -> Caller {
        if let roleARN = claims.roleARN {
            guard let roleID = claims.principalID, let sessionName = claims.sessionName, let roleName = roleARN.split(separator: "/").last
            else {
                throw AWSServiceError.invalidClientTokenId
            }
            return Caller(
                accountID: claims.accountID, kind: .assumedRole(roleID: roleID, roleName: String(roleName), sessionName: sessionName),
                accessKeyID: claims.accessKeyID, session: claims)
        }
        guard let userARN = claims.userARN else { throw AWSServiceError.invalidClientTokenId }
        if let name = claims.federatedName {
            // Issued by the root user (no principal id) or by the IAM user `principalID`.
            let issuedByRoot = userARN == "arn:aws:iam::\(claims.accountID):root"
            guard issuedByRoot || (claims.principalID != nil && userARN.hasPrefix("arn:aws:iam::\(claims.accountID):user/")) else {
                throw AWSServiceError.invalidClientTokenId
            }
            return Caller(
                accountID: claims.accountID, kind: .federatedUser(name: name, issuerUserID: issuedByRoot ? nil : claims.principalID),
                accessKeyID: claims.accessKeyID, session: claims)
        }
        if userARN == "arn:aws:iam::\(claims.accountID):root" {
            return Caller(accountID: claims.accountID, kind: .root, accessKeyID: claims.accessKeyID, session: claims)
        }
        let prefix = "arn:aws:iam::\(claims.accountID):user"
        guard let userID = claims.principalID, userARN.hasPrefix(prefix + "/"), let slash = userARN.lastIndex(of: "/") else {
            throw AWSServiceError.invalidClientTokenId
        }
        let path = String(userARN[userARN.index(userARN.startIndex, offsetBy: prefix.count)...slash])
        let name = String(userARN[userARN.index(after: slash)...])
        return Caller(
            accountID: claims.accountID, kind: .user(userID: userID, name: name, path: path), accessKeyID: claims.accessKeyID, session: claims)
    }
}
