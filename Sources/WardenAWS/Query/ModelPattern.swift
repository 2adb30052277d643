/// A botocore model pattern (Java regular-expression syntax) compiled to a Thompson automaton.
///
/// The models' patterns are checked against client input, so they run in time linear in the input:
/// the automaton is simulated state-set by state-set, never by backtracking. Matching is whole-value,
/// as AWS's validators apply them, so `^` and `$` match only at the ends. The subset covers every
/// pattern of the models Warden serves: literals, escapes (`\w \d \s \S \uXXXX \p{L} \p{Z} \p{N}`), classes
/// with ranges and negation, `.`, groups, alternation, `* + ?` and `{m}`, `{m,}`, `{m,n}`, `(?s)`, and a
/// lookahead of one character (`(?!-)`, `(?=x)`: IAM's account alias and a CloudTrail name use it), checked
/// against the next scalar while the automaton's state set is built, so matching stays linear.
struct ModelPattern: Sendable {
    enum State: Sendable {
        case scalar(CharacterSet, next: Int)
        case split(Int, Int)
        /// Continues only if the next scalar is (`negated` false) or is not (true) in the set; the end of the
        /// value counts as not in it.
        case lookahead(CharacterSet, negated: Bool, next: Int)
        case accept
    }

    struct CharacterSet: Sendable {
        enum Property: Sendable { case word, digit, space, letter, separator, number, any, anyButNewline }
        var ranges: [ClosedRange<UInt32>] = []
        var properties: [Property] = []
        var negatedProperties: [Property] = []
        var negated = false

        func contains(_ c: Unicode.Scalar) -> Bool {
            var found = false
            for range in ranges where range.contains(c.value) {
                found = true
                break
            }
            if !found { found = properties.contains { Self.has($0, c) } }
            if !found { found = negatedProperties.contains { !Self.has($0, c) } }
            return found != negated
        }

        static func has(_ property: Property, _ c: Unicode.Scalar) -> Bool {
            switch property {
            case .word: return c.isASCII && (ASCII.isAlphanumeric(UInt8(c.value)) || c == "_")
            case .digit: return c.value >= 0x30 && c.value <= 0x39
            case .space: return c == " " || c == "\t" || c == "\n" || c.value == 0x0B || c.value == 0x0C || c == "\r"
            case .letter:
                switch c.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
                default: return false
                }
            case .separator:
                switch c.properties.generalCategory {
                case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
                default: return false
                }
            case .number:
                switch c.properties.generalCategory {
                case .decimalNumber, .letterNumber, .otherNumber: return true
                default: return false
                }
            case .any: return true
            case .anyButNewline: return c != "\n" && c != "\r" && c.value != 0x85 && c.value != 0x2028 && c.value != 0x2029
            }
        }
    }

    let states: [State]
    let start: Int

    /// Compiles `source`, or fails naming what it cannot read.
    init(_ source: String) throws(ModelPatternError) {
        var parser = Parser(scalars: Array(source.unicodeScalars))
        let node = try parser.parseAlternation()
        guard parser.index == parser.scalars.count else { throw ModelPatternError(source: source, reason: "unbalanced ')'") }
        var builder = Builder()
        let accept = builder.add(.accept)
        start = builder.compile(node, next: accept)
        states = builder.states
    }

    /// Whether the whole of `value` matches.
    func matches(_ value: String) -> Bool {
        var current = [Bool](repeating: false, count: states.count)
        var next = current
        var currentList: [Int] = []
        var nextList: [Int] = []
        currentList.reserveCapacity(states.count)
        nextList.reserveCapacity(states.count)
        let scalars = Array(value.unicodeScalars)
        add(start, to: &currentList, &current, upcoming: scalars.first)
        for (position, c) in scalars.enumerated() {
            if currentList.isEmpty { return false }
            let upcoming = position + 1 < scalars.count ? scalars[position + 1] : nil
            for index in currentList {
                if case .scalar(let set, let target) = states[index], set.contains(c) {
                    add(target, to: &nextList, &next, upcoming: upcoming)
                }
            }
            for index in currentList { current[index] = false }
            swap(&current, &next)
            swap(&currentList, &nextList)
            nextList.removeAll(keepingCapacity: true)
        }
        return currentList.contains { if case .accept = states[$0] { true } else { false } }
    }

    /// Adds `state` and everything reachable from it without consuming a scalar; `upcoming` is the scalar
    /// the next step will read (nil at the end), which lookaheads test.
    private func add(_ state: Int, to list: inout [Int], _ present: inout [Bool], upcoming: Unicode.Scalar?) {
        var stack = [state]
        while let s = stack.popLast() {
            if present[s] { continue }
            present[s] = true
            list.append(s)
            switch states[s] {
            case .split(let a, let b):
                stack.append(b)
                stack.append(a)
            case .lookahead(let set, let negated, let next):
                let inSet = upcoming.map { set.contains($0) } ?? false
                if inSet != negated { stack.append(next) }
            case .scalar, .accept:
                break
            }
        }
    }

    indirect enum Node {
        case empty
        case set(CharacterSet)
        case lookahead(CharacterSet, negated: Bool)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    struct Builder {
        var states: [State] = []

        mutating func add(_ state: State) -> Int {
            states.append(state)
            return states.count - 1
        }

        /// Compiles `node` so that it continues to `next`; returns its entry state.
        mutating func compile(_ node: Node, next: Int) -> Int {
            switch node {
            case .empty:
                return next
            case .set(let set):
                return add(.scalar(set, next: next))
            case .lookahead(let set, let negated):
                return add(.lookahead(set, negated: negated, next: next))
            case .sequence(let nodes):
                var entry = next
                for node in nodes.reversed() { entry = compile(node, next: entry) }
                return entry
            case .alternation(let nodes):
                var entry = compile(nodes[nodes.count - 1], next: next)
                for node in nodes.dropLast().reversed() {
                    let first = compile(node, next: next)
                    entry = add(.split(first, entry))
                }
                return entry
            case .repeated(let inner, let min, let max):
                var entry = next
                if let max {
                    for _ in 0..<(max - min) {
                        let body = compile(inner, next: entry)
                        entry = add(.split(body, next))
                    }
                } else {
                    let loop = add(.split(-1, next))
                    let body = compile(inner, next: loop)
                    states[loop] = .split(body, next)
                    entry = loop
                }
                for _ in 0..<min { entry = compile(inner, next: entry) }
                return entry
            }
        }
    }

    struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var dotAll = false

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func fail(_ reason: String) -> ModelPatternError {
            ModelPatternError(source: String(String.UnicodeScalarView(scalars)), reason: reason)
        }

        mutating func parseAlternation() throws(ModelPatternError) -> Node {
            var branches = [try parseSequence()]
            while peek == "|" {
                index += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() throws(ModelPatternError) -> Node {
            var items: [Node] = []
            while let c = peek, c != "|", c != ")" {
                var atom = try parseAtom()
                while let q = peek {
                    if q == "*" {
                        index += 1
                        atom = .repeated(atom, min: 0, max: nil)
                    } else if q == "+" {
                        index += 1
                        atom = .repeated(atom, min: 1, max: nil)
                    } else if q == "?" {
                        index += 1
                        atom = .repeated(atom, min: 0, max: 1)
                    } else if q == "{", let (min, max) = try parseCount() {
                        atom = .repeated(atom, min: min, max: max)
                    } else {
                        break
                    }
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        /// `{m}`, `{m,}`, `{m,n}` at the current `{`; nil (and no advance) when it is a literal brace.
        mutating func parseCount() throws(ModelPatternError) -> (Int, Int?)? {
            var i = index + 1
            func number(_ i: inout Int) -> Int? {
                var value: Int?
                while i < scalars.count, scalars[i].value >= 0x30, scalars[i].value <= 0x39 {
                    value = (value ?? 0) * 10 + Int(scalars[i].value - 0x30)
                    i += 1
                }
                return value
            }
            guard let min = number(&i) else { return nil }
            var max: Int? = min
            if i < scalars.count, scalars[i] == "," {
                i += 1
                max = number(&i)
            }
            guard i < scalars.count, scalars[i] == "}" else { return nil }
            if let max, max < min { throw fail("a count's maximum is below its minimum") }
            index = i + 1
            return (min, max)
        }

        mutating func parseAtom() throws(ModelPatternError) -> Node {
            let c = scalars[index]
            index += 1
            switch c {
            case "(":
                if peek == "?" {
                    index += 1
                    guard let kind = peek else { throw fail("unterminated group") }
                    index += 1
                    switch kind {
                    case ":":
                        break
                    case "s":
                        guard peek == ")" else { throw fail("unsupported flag group") }
                        index += 1
                        dotAll = true
                        return .empty
                    case "!", "=":
                        guard case .set(let set) = try parseAlternation() else { throw fail("only one-character lookaheads are supported") }
                        guard peek == ")" else { throw fail("unterminated lookahead") }
                        index += 1
                        return .lookahead(set, negated: kind == "!")
                    default:
                        throw fail("unsupported group (?\(kind)")
                    }
                }
                let inner = try parseAlternation()
                guard peek == ")" else { throw fail("unterminated group") }
                index += 1
                return inner
            case "[":
                return .set(try parseClass())
            case ".":
                return .set(CharacterSet(properties: [dotAll ? .any : .anyButNewline]))
            case "^", "$":
                return .empty
            case "\\":
                return .set(try parseEscape(inClass: false))
            default:
                return .set(CharacterSet(ranges: [c.value...c.value]))
            }
        }

        mutating func parseHex4() throws(ModelPatternError) -> UInt32 {
            guard index + 4 <= scalars.count, let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16) else {
                throw fail("\\u needs four hexadecimal digits")
            }
            index += 4
            return value
        }

        /// After a backslash. A `\uD800\uDC00` surrogate pair is one code point, as in Java.
        mutating func parseEscape(inClass: Bool) throws(ModelPatternError) -> CharacterSet {
            guard let c = peek else { throw fail("trailing backslash") }
            index += 1
            switch c {
            case "w": return CharacterSet(properties: [.word])
            case "d": return CharacterSet(properties: [.digit])
            case "s": return CharacterSet(properties: [.space])
            case "W": return CharacterSet(negatedProperties: [.word])
            case "D": return CharacterSet(negatedProperties: [.digit])
            case "S": return CharacterSet(negatedProperties: [.space])
            case "t": return CharacterSet(ranges: [9...9])
            case "n": return CharacterSet(ranges: [10...10])
            case "r": return CharacterSet(ranges: [13...13])
            case "f": return CharacterSet(ranges: [12...12])
            case "p":
                guard peek == "{", let close = scalars[index...].firstIndex(of: "}") else { throw fail("malformed \\p") }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                index = close + 1
                switch name {
                case "L": return CharacterSet(properties: [.letter])
                case "Z": return CharacterSet(properties: [.separator])
                case "N": return CharacterSet(properties: [.number])
                default: throw fail("unsupported property \\p{\(name)}")
                }
            case "u":
                let value = try parseCodeUnit()
                return CharacterSet(ranges: [value...value])
            default:
                if c.properties.isAlphabetic || c.properties.numericType != nil { throw fail("unsupported escape \\\(c)") }
                return CharacterSet(ranges: [c.value...c.value])
            }
        }

        mutating func parseCodeUnit() throws(ModelPatternError) -> UInt32 {
            let high = try parseHex4()
            if (0xD800...0xDBFF).contains(high), index + 6 <= scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" {
                let save = index
                index += 2
                let low = try parseHex4()
                if (0xDC00...0xDFFF).contains(low) { return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00) }
                index = save
            }
            return high
        }

        /// After `[`: items, ranges, escapes, up to `]`.
        mutating func parseClass() throws(ModelPatternError) -> CharacterSet {
            var set = CharacterSet()
            if peek == "^" {
                set.negated = true
                index += 1
            }
            var first = true
            while true {
                guard let c = peek else { throw fail("unterminated character class") }
                if c == "]" && !first {
                    index += 1
                    return set
                }
                first = false
                index += 1
                var low: UInt32
                if c == "\\" {
                    if peek == "u" {
                        index += 1
                        low = try parseCodeUnit()
                    } else {
                        let escaped = try parseEscape(inClass: true)
                        if escaped.ranges.count == 1, escaped.properties.isEmpty, escaped.negatedProperties.isEmpty,
                            escaped.ranges[0].lowerBound == escaped.ranges[0].upperBound
                        {
                            low = escaped.ranges[0].lowerBound
                        } else {
                            set.properties += escaped.properties
                            set.negatedProperties += escaped.negatedProperties
                            continue
                        }
                    }
                } else {
                    low = c.value
                }
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    var high: UInt32
                    if peek == "\\" {
                        index += 1
                        if peek == "u" {
                            index += 1
                            high = try parseCodeUnit()
                        } else {
                            let escaped = try parseEscape(inClass: true)
                            guard escaped.ranges.count == 1, escaped.properties.isEmpty else { throw fail("bad range end") }
                            high = escaped.ranges[0].lowerBound
                        }
                    } else {
                        high = scalars[index].value
                        index += 1
                    }
                    guard low <= high else { throw fail("reversed range") }
                    set.ranges.append(low...high)
                } else {
                    set.ranges.append(low...low)
                }
            }
        }
    }
}

/// A model pattern outside the supported subset (a generator or model change; caught by the shapes test).
struct ModelPatternError: Error, Sendable, CustomStringConvertible {
    let source: String
    let reason: String
    var description: String { "cannot compile model pattern \(source): \(reason)" }
}

extension TextPattern {
    /// A pattern exactly as the botocore model writes it, matched in linear time.
    ///
    /// The generated shapes create these as static constants; an unsupported pattern is a programming
    /// error caught by the test that compiles every generated pattern.
    public static func model(_ source: String) -> TextPattern {
        do {
            let compiled = try ModelPattern(source)
            return TextPattern(source: source) { compiled.matches($0) }
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// Whether `source` compiles as a model pattern (for tests of the generated shapes).
    public static func compiles(_ source: String) -> Bool {
        (try? ModelPattern(source)) != nil
    }
}
