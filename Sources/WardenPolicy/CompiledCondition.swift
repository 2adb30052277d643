/// One condition key test of a statement, compiled: operator resolved, key hashed,
/// policy values pre-parsed (numbers, dates, CIDRs, patterns) into typed arrays so that
/// evaluation only compares. Values that cannot be parsed for the operator match nothing.
final class CompiledCondition: Sendable {
    let op: ConditionOperator
    /// Case-folded key with its hash, for the context lookup.
    let key: ContextKey
    /// As written, for explanations.
    let keyName: String

    /// String operators: exact bytes (lowercased for IgnoreCase).
    let literals: [[UInt8]]
    /// `StringLike`/`StringNotLike`.
    let patterns: [WildcardPattern]
    /// `Arn*`: six patterns per policy value, one per ARN part.
    let arnParts: [WildcardPattern]
    /// Values with policy variables, resolved per request.
    let templates: [PolicyTemplate]
    /// `Numeric*` numbers and `Date*` dates (seconds since 1970).
    let numbers: [Double]
    let cidrs: [CIDRBlock]
    /// `Bool`: which request values match.
    let acceptsTrue: Bool
    let acceptsFalse: Bool
    /// For `Null`: whether any value is `true` (key must be absent) / `false` (present).
    let nullWantsAbsent: Bool
    let nullWantsPresent: Bool

    init(entry: ConditionEntry, substitute: Bool, path: String) throws(PolicyError) {
        guard let parsed = ConditionOperator(name: entry.operatorName) else {
            throw PolicyError(path: path, message: "unknown operator \"\(entry.operatorName)\"")
        }
        let op = parsed
        self.op = op
        key = ContextKey(entry.key)
        keyName = entry.key
        var literals: [[UInt8]] = []
        var patterns: [WildcardPattern] = []
        var arnParts: [WildcardPattern] = []
        var templates: [PolicyTemplate] = []
        var numbers: [Double] = []
        var cidrs: [CIDRBlock] = []
        var acceptsTrue = false
        var acceptsFalse = false
        for text in entry.values {
            switch op.base {
            case .null, .bool:
                switch CompiledCondition.parseBool(text) {
                case true?: acceptsTrue = true
                case false?: acceptsFalse = true
                case nil: break
                }
            case .stringEquals, .stringNotEquals, .binaryEquals:
                let template = PolicyTemplate(text, substitute: substitute, wildcards: false)
                if let constant = template.constant { literals.append(constant) } else { templates.append(template) }
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
                let template = PolicyTemplate(text, substitute: substitute, wildcards: false)
                if let constant = template.constant {
                    literals.append(Array(String(decoding: constant, as: UTF8.self).lowercased().utf8))
                } else {
                    templates.append(template)
                }
            case .stringLike, .stringNotLike:
                let template = PolicyTemplate(text, substitute: substitute, wildcards: true)
                if let constant = template.constant { patterns.append(WildcardPattern(encoded: constant)) } else { templates.append(template) }
            case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                let template = PolicyTemplate(text, substitute: substitute, wildcards: true)
                if let constant = template.constant {
                    if let parts = Self.arnPatterns(constant) { arnParts += parts }
                } else {
                    templates.append(template)
                }
            case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
                if let number = NumericValue.parse(text) { numbers.append(number) }
            case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                if let date = DateValue.parse(text) { numbers.append(date) }
            case .ipAddress, .notIpAddress:
                if let block = CIDRBlock(text) { cidrs.append(block) }
            }
        }
        self.literals = literals
        self.patterns = patterns
        self.arnParts = arnParts
        self.templates = templates
        self.numbers = numbers
        self.cidrs = cidrs
        self.acceptsTrue = acceptsTrue && op.base == .bool
        self.acceptsFalse = acceptsFalse && op.base == .bool
        nullWantsAbsent = acceptsTrue && op.base == .null
        nullWantsPresent = acceptsFalse && op.base == .null
    }

    /// Splits an encoded ARN pattern into its six colon-separated parts.
    static func arnPatterns(_ encoded: [UInt8]) -> [WildcardPattern]? {
        var parts: [WildcardPattern] = []
        var start = 0
        for (index, byte) in encoded.enumerated() where byte == UInt8(ascii: ":") && parts.count < 5 {
            parts.append(WildcardPattern(encoded: Array(encoded[start..<index])))
            start = index + 1
        }
        guard parts.count == 5 else { return nil }
        parts.append(WildcardPattern(encoded: Array(encoded[start...])))
        return parts
    }

    /// `true`/`false` in any case, without allocating.
    static func parseBool(_ text: String) -> Bool? {
        withUTF8(text) { bytes in
            func equals(_ word: StaticString) -> Bool {
                guard bytes.count == word.utf8CodeUnitCount else { return false }
                for i in 0..<bytes.count where ContextKey.fold(bytes[i]) != word.utf8Start[i] { return false }
                return true
            }
            if equals("true") { return true }
            if equals("false") { return false }
            return nil
        }
    }

    // MARK: Evaluation

    /// Evaluates against the request. `missing` collects the key when the request lacks it
    /// and the outcome depended on it.
    func evaluate(_ context: RequestContext, missing: inout ContextKeyList) -> Bool {
        guard let requestValues = context.values(for: key) else { return absent(&missing) }
        if op.base == .null { return nullWantsPresent }
        switch requestValues {
        case .single(let value):
            // One value: qualified or not, the operator applies to it directly.
            let positive = matchesAny(value, context)
            return op.base.isNegated ? !positive : positive
        case .multiple(let values):
            if values.isEmpty { return absent(&missing) }
            switch op.qualifier {
            case .none:
                // A single-valued operator on several request values: true if any value
                // matches (negated: if none does).
                var positive = false
                for index in values.indices where matchesAny(values[index], context) {
                    positive = true
                    break
                }
                return op.base.isNegated ? !positive : positive
            case .forAnyValue:
                for index in values.indices where satisfies(values[index], context) { return true }
                return false
            case .forAllValues:
                for index in values.indices where !satisfies(values[index], context) { return false }
                return true
            }
        }
    }

    /// The key is absent (or has no values): `IfExists` passes, `Null` tests for it,
    /// `ForAllValues` is vacuously true, `ForAnyValue` false, negated operators true.
    private func absent(_ missing: inout ContextKeyList) -> Bool {
        if op.base == .null { return nullWantsAbsent }
        if op.ifExists { return true }
        switch op.qualifier {
        case .forAllValues:
            return true
        case .forAnyValue:
            missing.appendUnique(keyName)
            return false
        case .none:
            if !op.base.isNegated { missing.appendUnique(keyName) }
            return op.base.isNegated
        }
    }

    @inline(__always)
    private func satisfies(_ requestValue: String, _ context: RequestContext) -> Bool {
        let positive = matchesAny(requestValue, context)
        return op.base.isNegated ? !positive : positive
    }

    /// Whether the request value matches at least one policy value under the positive form of
    /// the operator (`StringNotEquals` → `StringEquals`).
    private func matchesAny(_ requestValue: String, _ context: RequestContext) -> Bool {
        switch op.base {
        case .stringEquals, .stringNotEquals, .binaryEquals:
            return withUTF8(requestValue) { subject in
                for index in literals.indices where literals[index].withUnsafeBufferPointer({ bytesEqual($0, subject) }) { return true }
                return !templates.isEmpty && matchesTemplates(subject, context)
            }
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            return withUTF8(requestValue.lowercased()) { subject in
                for index in literals.indices where literals[index].withUnsafeBufferPointer({ bytesEqual($0, subject) }) { return true }
                return !templates.isEmpty && matchesTemplates(subject, context)
            }
        case .stringLike, .stringNotLike:
            return withUTF8(requestValue) { subject in
                for index in patterns.indices where patterns[index].matches(subject) { return true }
                return !templates.isEmpty && matchesTemplates(subject, context)
            }
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            return withUTF8(requestValue) { subject in
                var start = 0
                while start < arnParts.count {
                    if arnParts.withUnsafeBufferPointer({ Self.matchARN(UnsafeBufferPointer(rebasing: $0[start..<start + 6]), subject) }) {
                        return true
                    }
                    start += 6
                }
                return !templates.isEmpty && matchesTemplates(subject, context)
            }
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard let number = NumericValue.parse(requestValue) else { return false }
            for index in numbers.indices where compare(number, numbers[index]) { return true }
            return false
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let date = DateValue.parse(requestValue) else { return false }
            for index in numbers.indices where compare(date, numbers[index]) { return true }
            return false
        case .bool:
            switch Self.parseBool(requestValue) {
            case true?: return acceptsTrue
            case false?: return acceptsFalse
            case nil: return false
            }
        case .ipAddress, .notIpAddress:
            guard let address = IPAddress(requestValue) else { return false }
            for index in cidrs.indices where cidrs[index].contains(address) { return true }
            return false
        case .null:
            return false
        }
    }

    @inline(__always)
    private func compare(_ request: Double, _ policy: Double) -> Bool {
        switch op.base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: request == policy
        case .numericLessThan, .dateLessThan: request < policy
        case .numericLessThanEquals, .dateLessThanEquals: request <= policy
        case .numericGreaterThan, .dateGreaterThan: request > policy
        case .numericGreaterThanEquals, .dateGreaterThanEquals: request >= policy
        default: false
        }
    }

    /// Values with policy variables: substituted, then compared as the operator does.
    private func matchesTemplates(_ subject: UnsafeBufferPointer<UInt8>, _ context: RequestContext) -> Bool {
        for template in templates {
            guard var resolved = template.resolve(in: context) else { continue }
            let matched: Bool
            switch op.base {
            case .stringLike, .stringNotLike:
                matched = Wildcard.matches(pattern: resolved, subject: subject)
            case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                if let parts = Self.arnPatterns(resolved) {
                    matched = parts.withUnsafeBufferPointer { Self.matchARN($0, subject) }
                } else {
                    matched = false
                }
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
                resolved = Array(String(decoding: resolved, as: UTF8.self).lowercased().utf8)
                matched = resolved.withUnsafeBufferPointer { bytesEqual($0, subject) }
            default:
                matched = resolved.withUnsafeBufferPointer { bytesEqual($0, subject) }
            }
            if matched { return true }
        }
        return false
    }

    /// Each of the six ARN parts is matched separately, as IAM's `Arn*` operators do.
    static func matchARN(_ parts: UnsafeBufferPointer<WildcardPattern>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var part = 0
        var index = 0
        while index < subject.count, part < 5 {
            if subject[index] == UInt8(ascii: ":") {
                guard parts[part].matches(UnsafeBufferPointer(rebasing: subject[start..<index])) else { return false }
                part += 1
                start = index + 1
            }
            index += 1
        }
        guard part == 5 else { return false }
        return parts[5].matches(UnsafeBufferPointer(rebasing: subject[start...]))
    }
}
