import WardenAWS

/// What a request signed with an access key Warden never issued acts as.
///
/// `serve` refuses it, as AWS does. `emulate` stands in for moto_server and LocalStack, whose users sign with
/// made-up keys (`testing`, `FOOBARKEY`): such a request is the emulator account's root user. Its signature
/// cannot be checked without a secret, so it is not; a key Warden did issue is always checked and authorized
/// for real.
public enum UnknownAccessKeys: Sendable, Equatable {
    /// `InvalidClientTokenId`.
    case refused
    /// The root user of `accountID`.
    case rootOf(accountID: String)

    /// The account whose root an unknown key acts as; nil when unknown keys are refused.
    public var rootAccount: String? {
        if case .rootOf(let accountID) = self { accountID } else { nil }
    }

    /// Whom a request signed with an unknown key acts as; nil when such keys are refused.
    func caller(for credential: SigV4Credential) -> Caller? {
        rootAccount.map { Caller(accountID: $0, kind: .root, accessKeyID: credential.accessKeyID) }
    }
}
