/// A kind of AWS identifier: its prefix, alphabet and length, with a generator (system
/// CSPRNG) and a validator.
///
/// Forms follow what AWS issues and what the botocore models accept, e.g. access key ids
/// `AKIA` + 16 base32 characters, unique ids `AIDA` + 17, organization ids `^o-[a-z0-9]{10,32}$`.
/// ```swift
/// let id = AWSIdentifier.userID.generate()          // "AIDAJQABLZS4A3QDU576Q"
/// AWSIdentifier.organizationID.isValid("o-exampleorgid")  // true
/// ```
public struct AWSIdentifier: Sendable, Hashable {
    /// A readable name, for messages.
    public let name: String
    /// The fixed prefix, e.g. `AKIA` or `o-`.
    public let prefix: String
    /// Characters of the random part.
    let alphabet: [UInt8]
    /// Characters the validator accepts in the random part (a superset of `alphabet`).
    let accepted: [UInt8]
    /// Length of the random part when generating.
    public let generatedLength: Int
    /// Lengths of the random part the validator accepts.
    public let acceptedLengths: ClosedRange<Int>

    init(
        _ name: String, prefix: String, alphabet: String, accepted: String? = nil, length: Int,
        accepts: ClosedRange<Int>? = nil
    ) {
        self.name = name
        self.prefix = prefix
        self.alphabet = Array(alphabet.utf8)
        self.accepted = Array((accepted ?? alphabet).utf8)
        self.generatedLength = length
        self.acceptedLengths = accepts ?? length...length
    }

    static let base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    static let lowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789"
    static let digits = "0123456789"
    static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// Long-term access key ids: `AKIA` + 16 (20 in all).
    public static let accessKeyID = AWSIdentifier("access key id", prefix: "AKIA", alphabet: base32, length: 16)
    /// Temporary (STS) access key ids: `ASIA` + 16.
    public static let temporaryAccessKeyID = AWSIdentifier("temporary access key id", prefix: "ASIA", alphabet: base32, length: 16)
    /// Secret access keys: 40 characters of the base64 alphabet.
    public static let secretAccessKey = AWSIdentifier("secret access key", prefix: "", alphabet: base64, length: 40)
    /// IAM user unique ids: `AIDA` + 17.
    public static let userID = AWSIdentifier("user id", prefix: "AIDA", alphabet: base32, length: 17)
    /// IAM role unique ids: `AROA` + 17.
    public static let roleID = AWSIdentifier("role id", prefix: "AROA", alphabet: base32, length: 17)
    /// IAM group unique ids: `AGPA` + 17.
    public static let groupID = AWSIdentifier("group id", prefix: "AGPA", alphabet: base32, length: 17)
    /// IAM managed policy unique ids: `ANPA` + 17.
    public static let managedPolicyID = AWSIdentifier("policy id", prefix: "ANPA", alphabet: base32, length: 17)
    /// IAM instance profile unique ids: `AIPA` + 17.
    public static let instanceProfileID = AWSIdentifier("instance profile id", prefix: "AIPA", alphabet: base32, length: 17)
    /// Account ids: 12 digits (a leading zero is allowed, as in AWS).
    public static let accountID = AWSIdentifier("account id", prefix: "", alphabet: digits, length: 12)
    /// Organization ids: `^o-[a-z0-9]{10,32}$`.
    public static let organizationID = AWSIdentifier(
        "organization id", prefix: "o-", alphabet: lowerAlphanumeric, length: 10, accepts: 10...32)
    /// Root ids: `^r-[0-9a-z]{4,32}$`.
    public static let rootID = AWSIdentifier("root id", prefix: "r-", alphabet: lowerAlphanumeric, length: 4, accepts: 4...32)
    /// Organizations policy ids: `^p-[0-9a-zA-Z_]{8,128}$` (generated lowercase, as AWS does).
    public static let organizationsPolicyID = AWSIdentifier(
        "policy id", prefix: "p-", alphabet: lowerAlphanumeric,
        accepted: lowerAlphanumeric + "ABCDEFGHIJKLMNOPQRSTUVWXYZ_", length: 8, accepts: 8...128)
    /// Account creation requests: `^car-[a-z0-9]{8,32}$`.
    public static let createAccountRequestID = AWSIdentifier(
        "create account request id", prefix: "car-", alphabet: lowerAlphanumeric, length: 32, accepts: 8...32)
    /// Handshakes: `^h-[0-9a-z]{8,32}$`.
    public static let handshakeID = AWSIdentifier("handshake id", prefix: "h-", alphabet: lowerAlphanumeric, length: 10, accepts: 8...32)

    /// A new identifier from the system CSPRNG.
    public func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    /// A new identifier from `rng` (tests may pass a seeded generator).
    public func generate(using rng: inout some RandomNumberGenerator) -> String {
        var out = Array(prefix.utf8)
        for _ in 0..<generatedLength { out.append(alphabet.randomElement(using: &rng)!) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` has this identifier's form.
    public func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let p = Array(prefix.utf8)
        guard bytes.count >= p.count, bytes.starts(with: p) else { return false }
        let rest = bytes[p.count...]
        return acceptedLengths.contains(rest.count) && rest.allSatisfy { accepted.contains($0) }
    }

    /// `text` when it has this identifier's form, else nil.
    public func parse(_ text: String) -> String? { isValid(text) ? text : nil }
}

extension AWSIdentifier {
    /// A new organizational unit id under `rootID`: `ou-<root part>-<8 characters>`.
    public static func organizationalUnitID(root rootID: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let rootPart = rootID.hasPrefix("r-") ? String(rootID.dropFirst(2)) : rootID
        let suffix = String(decoding: (0..<8).map { _ in Array(lowerAlphanumeric.utf8).randomElement(using: &rng)! }, as: UTF8.self)
        return "ou-\(rootPart)-\(suffix)"
    }

    /// Whether `text` is an OU id: `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`.
    public static func isValidOrganizationalUnitID(_ text: String) -> Bool {
        guard text.hasPrefix("ou-") else { return false }
        let parts = text.dropFirst(3).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let ok: (Substring, ClosedRange<Int>) -> Bool = { part, lengths in
            lengths.contains(part.utf8.count) && part.utf8.allSatisfy { ASCII.isLower($0) || ASCII.isDigit($0) }
        }
        return ok(parts[0], 4...32) && ok(parts[1], 8...32)
    }

    /// Whether `text` is a parent id (a root or an OU), as `ParentId` accepts.
    public static func isValidParentID(_ text: String) -> Bool {
        rootID.isValid(text) || isValidOrganizationalUnitID(text)
    }
}
