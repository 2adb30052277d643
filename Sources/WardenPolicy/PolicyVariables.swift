/// A `Resource` or condition value with `${…}` policy variables, compiled once.
///
/// Literal text keeps its wildcards (when the operator uses them); text that comes from a
/// variable or from `${*}`, `${?}`, `${$}` is always literal.
struct PolicyTemplate: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        /// Encoded bytes (wildcards encoded when enabled).
        case text([UInt8])
        /// A request-context key (lowercased) with an optional default.
        case variable(key: ContextKey, name: String, defaultValue: String?)
    }

    let parts: [Part]
    /// Present when the template has no variables: the encoded bytes.
    let constant: [UInt8]?
    let source: String

    /// - Parameters:
    ///   - substitute: false for `2008-10-17` documents, where `${…}` is literal text.
    ///   - wildcards: whether `*` and `?` in the literal text are wildcards.
    init(_ source: String, substitute: Bool, wildcards: Bool) {
        self.source = source
        func encode(_ text: Substring) -> [UInt8] {
            wildcards ? Wildcard.encode(String(text)) : Array(text.utf8)
        }
        guard substitute, source.contains("${") else {
            parts = [.text(encode(source[...]))]
            constant = encode(source[...])
            return
        }
        var parts: [Part] = []
        var literal: [UInt8] = []
        var rest = source[...]
        while let open = rest.firstRange(of: "${") {
            literal += encode(rest[..<open.lowerBound])
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                literal += encode(rest[open.lowerBound...])
                rest = rest[rest.endIndex...]
                break
            }
            let body = afterOpen[..<close]
            rest = afterOpen[afterOpen.index(after: close)...]
            switch body {
            case "*": literal.append(UInt8(ascii: "*"))
            case "?": literal.append(UInt8(ascii: "?"))
            case "$": literal.append(UInt8(ascii: "$"))
            default:
                if !literal.isEmpty {
                    parts.append(.text(literal))
                    literal = []
                }
                parts.append(Self.variable(body))
            }
        }
        literal += encode(rest)
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
        if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
            constant = parts.reduce(into: []) { result, part in if case .text(let bytes) = part { result += bytes } }
        } else {
            constant = nil
        }
    }

    /// `key` or `key, 'default'`.
    private static func variable(_ body: Substring) -> Part {
        if let comma = body.firstIndex(of: ",") {
            let name = body[..<comma].trimmingSpaces()
            var value = body[body.index(after: comma)...].trimmingSpaces()
            if value.count >= 2, value.first == "'", value.last == "'" {
                value = value.dropFirst().dropLast()
            }
            return .variable(key: ContextKey(String(name)), name: String(name), defaultValue: String(value))
        }
        let name = body.trimmingSpaces()
        return .variable(key: ContextKey(String(name)), name: String(name), defaultValue: nil)
    }

    var hasVariables: Bool { constant == nil }

    /// Variable names used, for "missing context key" explanations.
    var variableNames: [String] {
        parts.compactMap { if case .variable(_, let name, let defaultValue) = $0, defaultValue == nil { name } else { nil } }
    }

    /// Substitutes variables. `nil` when a variable has no value and no default: the value
    /// then matches nothing, as in IAM.
    func resolve(in context: RequestContext) -> [UInt8]? {
        if let constant { return constant }
        var result: [UInt8] = []
        for part in parts {
            switch part {
            case .text(let bytes):
                result += bytes
            case .variable(let key, _, let defaultValue):
                if case .single(let value)? = context.values(for: key) {
                    result += value.utf8
                } else if case .multiple(let values)? = context.values(for: key), values.count == 1 {
                    result += values[0].utf8
                } else if let defaultValue {
                    result += defaultValue.utf8
                } else {
                    return nil
                }
            }
        }
        return result
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return slice
    }
}
