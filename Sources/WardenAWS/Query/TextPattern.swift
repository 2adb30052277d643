/// A constraint pattern from a botocore model, checked by hand instead of by regex.
///
/// `source` is the model's regular expression, quoted verbatim in AWS's error message;
/// `matches` is an equivalent whole-value check written as character-set tests, so
/// validation has no regex engine, no backtracking and no surprises.
public struct TextPattern: Sendable {
    /// The pattern as the service model writes it, e.g. `[\w+=,.@-]+`.
    public let source: String
    private let predicate: @Sendable (String) -> Bool

    /// Creates a pattern from its model text and an equivalent check.
    public init(source: String, matches: @escaping @Sendable (String) -> Bool) {
        self.source = source
        self.predicate = matches
    }

    /// Whether the whole value matches.
    public func matches(_ value: String) -> Bool { predicate(value) }

    /// A pattern of the form `[set]+`: one or more characters, each allowed by `allowed`.
    public static func characters(_ source: String, _ allowed: @escaping @Sendable (Unicode.Scalar) -> Bool) -> TextPattern {
        TextPattern(source: source) { value in !value.isEmpty && value.unicodeScalars.allSatisfy(allowed) }
    }

    /// Java's `\w`: ASCII letters, digits and underscore.
    @inline(__always)
    public static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (ASCII.isAlphanumeric(UInt8(c.value)) || c == "_")
    }

    /// IAM names (`userNameType`, `roleNameType`, `groupNameType`, …): `[\w+=,.@-]+`.
    public static let iamName = characters(#"[\w+=,.@-]+"#) { c in
        isWordCharacter(c) || "+=,.@-".unicodeScalars.contains(c)
    }

    /// IAM paths (`pathType`): `/` alone, or `/` + printable ASCII + `/`.
    public static let iamPath = TextPattern(source: #"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)"#) { value in
        let s = Array(value.unicodeScalars)
        if s.count == 1 { return s[0] == "/" }
        guard s.count >= 3, s.first == "/", s.last == "/" else { return false }
        return s.dropFirst().dropLast().allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
    }

    /// IAM policy and trust documents (`policyDocumentType`): tab, LF, CR and U+0020–U+00FF.
    public static let iamPolicyDocument = characters(#"[\u0009\u000A\u000D\u0020-\u00FF]+"#) { c in
        c == "\t" || c == "\n" || c == "\r" || (c.value >= 0x20 && c.value <= 0xFF)
    }

    /// STS role session names (`roleSessionNameType`): `[\w+=,.@-]*`.
    public static let roleSessionName = TextPattern(source: #"[\w+=,.@-]*"#) { value in
        value.unicodeScalars.allSatisfy { isWordCharacter($0) || "+=,.@-".unicodeScalars.contains($0) }
    }

    /// Twelve-digit AWS account ids: `^\d{12}$`.
    public static let accountID = TextPattern(source: #"^\d{12}$"#) { AWSIdentifier.accountID.isValid($0) }
}
