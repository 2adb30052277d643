/// One broken constraint on one input member.
public struct ConstraintViolation: Sendable, Hashable {
    /// What kind of constraint, which decides Organizations' `Reason`.
    public enum Kind: Sendable, Hashable {
        case minLength, maxLength, pattern, minValue, maxValue, enumValue, required
    }

    /// The member's path as AWS writes it in messages (lowerCamelCase, e.g. `userName`).
    public var member: String
    /// The offending value, or nil when it must not be echoed (sensitive) or is absent.
    public var value: String?
    /// The constraint, in AWS's words, e.g. `Member must have length less than or equal to 64`.
    public var constraint: String
    /// The kind of constraint.
    public var kind: Kind

    /// AWS's phrase for this violation: `Value 'x' at 'userName' failed to satisfy constraint: …`.
    public var phrase: String {
        switch (kind, value) {
        case (.required, _): "Value null at '\(member)' failed to satisfy constraint: \(constraint)"
        case (_, let value?): "Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)"
        case (_, nil): "Value at '\(member)' failed to satisfy constraint: \(constraint)"
        }
    }
}

/// Collects constraint violations, as AWS reports them all at once.
///
/// Each input type declares its constraints next to its members, mirroring the botocore model:
/// ```swift
/// extension CreateUserInput: ValidatedInput {
///     func validate(_ v: inout Validator) {
///         v.length("UserName", UserName, 1...64)
///         v.pattern("UserName", UserName, .iamName)
///         v.length("Path", Path, 1...512)
///         v.pattern("Path", Path, .iamPath)
///     }
/// }
/// ```
/// Nil values are skipped: absence of a required member is reported by the decoder.
public struct Validator: Sendable {
    /// The violations found, in declaration order.
    public private(set) var violations: [ConstraintViolation] = []
    /// The wire path of the structure being validated (`Tags.1.member`), empty at the top.
    private var prefix = ""

    /// Creates an empty validator.
    public init() {}

    /// `Member` → `member`, `Tags.member.1.Key` → `tags.member.1.key`: AWS's message form.
    static func messageName(_ wireName: String) -> String {
        wireName.split(separator: ".", omittingEmptySubsequences: false).map { part in
            guard let first = part.first else { return "" }
            return first.lowercased() + part.dropFirst()
        }.joined(separator: ".")
    }

    private mutating func add(_ member: String, _ value: String?, _ constraint: String, _ kind: ConstraintViolation.Kind) {
        let path = prefix.isEmpty ? member : prefix + "." + member
        violations.append(ConstraintViolation(member: Self.messageName(path), value: value, constraint: constraint, kind: kind))
    }

    /// String length (in characters, as AWS counts) within `range`.
    public mutating func length(_ member: String, _ value: String?, _ range: ClosedRange<Int>, sensitive: Bool = false) {
        guard let value else { return }
        let count = value.count
        if count < range.lowerBound {
            add(member, sensitive ? nil : value, "Member must have length greater than or equal to \(range.lowerBound)", .minLength)
        } else if count > range.upperBound {
            add(member, sensitive ? nil : value, "Member must have length less than or equal to \(range.upperBound)", .maxLength)
        }
    }

    /// Number of list members within `range`.
    public mutating func count<Element>(_ member: String, _ value: [Element]?, _ range: ClosedRange<Int>) {
        guard let value else { return }
        let shown: String? = value is [String] ? "[" + value.map { "\($0)" }.joined(separator: ", ") + "]" : nil
        if value.count < range.lowerBound {
            add(member, shown, "Member must have length greater than or equal to \(range.lowerBound)", .minLength)
        } else if value.count > range.upperBound {
            add(member, shown, "Member must have length less than or equal to \(range.upperBound)", .maxLength)
        }
    }

    /// The whole value matches `pattern`.
    public mutating func pattern(_ member: String, _ value: String?, _ pattern: TextPattern, sensitive: Bool = false) {
        guard let value, !pattern.matches(value) else { return }
        add(member, sensitive ? nil : value, "Member must satisfy regular expression pattern: \(pattern.source)", .pattern)
    }

    /// A number within `range`.
    public mutating func range<N: BinaryInteger>(_ member: String, _ value: N?, _ range: ClosedRange<N>) {
        guard let value else { return }
        if value < range.lowerBound {
            add(member, "\(value)", "Member must have value greater than or equal to \(range.lowerBound)", .minValue)
        } else if value > range.upperBound {
            add(member, "\(value)", "Member must have value less than or equal to \(range.upperBound)", .maxValue)
        }
    }

    /// One of the model's enum values.
    public mutating func oneOf(_ member: String, _ value: String?, _ allowed: [String]) {
        guard let value, !allowed.contains(value) else { return }
        add(member, value, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]", .enumValue)
    }

    /// The constraints of a nested structure, reported under `member`'s path.
    public mutating func nested(_ member: String, _ value: (some ValidatedInput)?) {
        guard let value else { return }
        let saved = prefix
        prefix = prefix.isEmpty ? member : prefix + "." + member
        value.validate(&self)
        prefix = saved
    }

    /// A member the model requires but the decoder cannot enforce (e.g. present but empty).
    public mutating func required(_ member: String, _ value: (some Any)?) {
        guard value == nil else { return }
        add(member, nil, "Member must not be null", .required)
    }

    /// AWS's combined message: `1 validation error detected: …` / `2 validation errors detected: …; …`.
    public var message: String? {
        guard !violations.isEmpty else { return nil }
        let n = violations.count
        return "\(n) validation error\(n == 1 ? "" : "s") detected: " + violations.map(\.phrase).joined(separator: "; ")
    }
}

/// An operation input that declares its model constraints.
public protocol ValidatedInput {
    /// Records every violated constraint in `validator`.
    func validate(_ validator: inout Validator)
}

extension AWSServiceError {
    /// The error a service of this protocol returns for these violations.
    ///
    /// Query services (IAM, STS): `ValidationError` with AWS's combined message.
    /// Organizations (JSON 1.1): `InvalidInputException` whose `Reason` names the first
    /// violation's kind (e.g. `MAX_LENGTH_EXCEEDED`) and whose message is the combined message.
    public static func validation(_ violations: [ConstraintViolation], protocol: AWSProtocol) -> AWSServiceError {
        var validator = Validator()
        for v in violations { validator.append(v) }
        let message = validator.message ?? ""
        switch `protocol` {
        case .query: return .validationError(message)
        case .json11:
            let reason: String
            switch violations.first?.kind {
            case .minLength: reason = "MIN_LENGTH_EXCEEDED"
            case .maxLength: reason = "MAX_LENGTH_EXCEEDED"
            case .pattern: reason = "INVALID_PATTERN"
            case .minValue: reason = "MIN_VALUE_EXCEEDED"
            case .maxValue: reason = "MAX_VALUE_EXCEEDED"
            case .enumValue: reason = "INVALID_ENUM"
            case .required, nil: reason = "INPUT_REQUIRED"
            }
            return .invalidInput(reason: reason, message: message)
        }
    }
}

extension Validator {
    mutating func append(_ violation: ConstraintViolation) { violations.append(violation) }
}
