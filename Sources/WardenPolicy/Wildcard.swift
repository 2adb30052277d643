/// Glob matching as IAM does it: `*` matches any run of characters (including `:` and `/`),
/// `?` matches exactly one character. Works on UTF-8 bytes with the wildcards encoded as
/// bytes that never occur in valid UTF-8, so literal text from policy variables (`${*}`,
/// substituted values) can sit next to real wildcards in one pattern.
enum Wildcard {
    static let star: UInt8 = 0xFF
    static let question: UInt8 = 0xFE

    /// Encodes `*` and `?` in `text` as wildcard bytes.
    static func encode(_ text: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        appendEncoded(text, to: &result)
        return result
    }

    static func appendEncoded(_ text: String, to result: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "*"): result.append(star)
            case UInt8(ascii: "?"): result.append(question)
            default: result.append(byte)
            }
        }
    }

    /// Length of the UTF-8 scalar starting at `index` (1 for stray continuation bytes).
    @inline(__always)
    static func scalarLength(_ subject: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let lead = subject[index]
        let length: Int
        if lead < 0xC0 { length = 1 } else if lead < 0xE0 { length = 2 } else if lead < 0xF0 { length = 3 } else { length = 4 }
        return min(length, subject.count - index)
    }

    /// Matches `subject` against an encoded pattern. Linear-time in practice: backtracks only
    /// to the most recent `*`, which is enough for glob patterns.
    static func matches(pattern: UnsafeBufferPointer<UInt8>, subject: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var s = 0
        var starPattern = -1
        var starSubject = 0
        while s < subject.count {
            if p < pattern.count {
                let c = pattern[p]
                if c == star {
                    starPattern = p
                    starSubject = s
                    p += 1
                    continue
                }
                if c == question {
                    s += scalarLength(subject, s)
                    p += 1
                    continue
                }
                if c == subject[s] {
                    p += 1
                    s += 1
                    continue
                }
            }
            guard starPattern >= 0 else { return false }
            starSubject += scalarLength(subject, starSubject)
            s = starSubject
            p = starPattern + 1
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    static func matches(pattern: [UInt8], subject: UnsafeBufferPointer<UInt8>) -> Bool {
        pattern.withUnsafeBufferPointer { matches(pattern: $0, subject: subject) }
    }

    static func matches(pattern: [UInt8], _ subject: String) -> Bool {
        withUTF8(subject) { matches(pattern: pattern, subject: $0) }
    }
}

/// Byte-wise equality (no Unicode canonical equivalence, unlike `String ==`).
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return prefixEqual(UnsafeRawPointer(x), UnsafeRawPointer(y), a.count)
}

/// Compares `count` bytes, eight at a time.
@inline(__always)
func prefixEqual(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if x.load(fromByteOffset: i, as: UInt8.self) != y.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(string.utf8).withUnsafeBufferPointer(body)
}

/// A compiled glob pattern with fast paths for the common shapes (`*`, exact, `prefix*`,
/// `*`-only globs). One array, so copying a pattern costs at most one retain.
struct WildcardPattern: Sendable, Hashable {
    enum Shape: Sendable, Hashable { case any, exact, prefix, segments, general }

    let shape: Shape
    /// Encoded pattern; for `.exact` the literal, for `.prefix` the literal before the final `*`.
    let bytes: [UInt8]
    /// For `.segments` (only `*` wildcards): length of the literal text before the first `*`
    /// and after the last one.
    let headLength: Int
    let tailLength: Int

    init(encoded: [UInt8]) {
        let wildcardCount = encoded.reduce(0) { $0 + ($1 == Wildcard.star || $1 == Wildcard.question ? 1 : 0) }
        var headLength = 0
        var tailLength = 0
        if wildcardCount == 0 {
            shape = .exact
            bytes = encoded
        } else if encoded.allSatisfy({ $0 == Wildcard.star }) {
            shape = .any
            bytes = encoded
        } else if wildcardCount == 1, encoded.last == Wildcard.star {
            shape = .prefix
            bytes = Array(encoded.dropLast())
        } else if !encoded.contains(Wildcard.question) {
            shape = .segments
            bytes = encoded
            headLength = encoded.firstIndex(of: Wildcard.star)!
            tailLength = encoded.count - 1 - encoded.lastIndex(of: Wildcard.star)!
        } else {
            shape = .general
            bytes = encoded
        }
        self.headLength = headLength
        self.tailLength = tailLength
    }

    init(_ text: String) { self.init(encoded: Wildcard.encode(text)) }

    /// `*`-only glob: the head must start the subject, the tail end it, and the pieces between
    /// the stars appear in order in between (leftmost matches are always safe for `*`).
    @inline(__always)
    private static func matchSegments(_ pattern: UnsafeBufferPointer<UInt8>, headLength: Int, tailLength: Int, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        guard subject.count >= headLength + tailLength else { return false }
        for i in 0..<headLength where pattern[i] != subject[i] { return false }
        let tailStart = subject.count - tailLength
        let patternTailStart = pattern.count - tailLength
        for i in 0..<tailLength where pattern[patternTailStart + i] != subject[tailStart + i] { return false }
        var position = headLength
        var pieceStart = headLength + 1 // after the first star
        while pieceStart < patternTailStart {
            var pieceEnd = pieceStart
            while pattern[pieceEnd] != Wildcard.star { pieceEnd += 1 }
            let count = pieceEnd - pieceStart
            if count > 0 {
                guard count <= tailStart - position else { return false }
                let first = pattern[pieceStart]
                var start = position
                let last = tailStart - count
                var found = -1
                while start <= last {
                    if subject[start] == first {
                        var offset = 1
                        while offset < count, pattern[pieceStart + offset] == subject[start + offset] { offset += 1 }
                        if offset == count {
                            found = start
                            break
                        }
                    }
                    start += 1
                }
                guard found >= 0 else { return false }
                position = found + count
            }
            pieceStart = pieceEnd + 1
        }
        return true
    }

    @inline(__always)
    func matches(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .any:
            return true
        case .exact:
            return bytes.withUnsafeBufferPointer { bytesEqual($0, subject) }
        case .prefix:
            guard subject.count >= bytes.count else { return false }
            return bytes.withUnsafeBufferPointer { prefix in
                guard let x = prefix.baseAddress, let y = subject.baseAddress else { return true }
                return prefixEqual(UnsafeRawPointer(x), UnsafeRawPointer(y), prefix.count)
            }
        case .segments:
            return bytes.withUnsafeBufferPointer {
                Self.matchSegments($0, headLength: headLength, tailLength: tailLength, subject)
            }
        case .general:
            return bytes.withUnsafeBufferPointer { Wildcard.matches(pattern: $0, subject: subject) }
        }
    }

    func matches(_ subject: String) -> Bool { withUTF8(subject) { matches($0) } }
}
