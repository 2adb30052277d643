/// The condition keys of a request: case-insensitive names, each with one or more string values.
///
/// Stored as a small array of entries with a precomputed case-folded hash, so building a
/// context costs one allocation and a lookup during evaluation is a scan of integers; no
/// lowercased copies of keys are made for ASCII keys.
public struct RequestContext: Sendable, Hashable {
    enum Values: Sendable, Hashable {
        case single(String)
        case multiple([String])
    }

    struct Entry: Sendable, Hashable {
        let hash: UInt64
        /// The key as set (lowercased only when it is not ASCII).
        let key: String
        var values: Values
    }

    private(set) var entries: [Entry]

    public init() { entries = [] }

    public init(_ values: [String: String]) {
        entries = []
        entries.reserveCapacity(values.count)
        for (key, value) in values { set(key, value) }
    }

    public init(multiValued values: [String: [String]]) {
        entries = []
        entries.reserveCapacity(values.count)
        for (key, value) in values { self[key] = value }
    }

    /// All values of `key` (any case), or `nil` when the request lacks the key.
    public subscript(key: String) -> [String]? {
        get {
            let folded = ContextKey(key)
            guard let index = index(of: folded) else { return nil }
            switch entries[index].values {
            case .single(let value): return [value]
            case .multiple(let values): return values
            }
        }
        set {
            let folded = ContextKey(key)
            let index = index(of: folded)
            guard let newValue else {
                if let index { entries.remove(at: index) }
                return
            }
            let values: Values = newValue.count == 1 ? .single(newValue[0]) : .multiple(newValue)
            if let index {
                entries[index].values = values
            } else {
                entries.append(Entry(hash: folded.hash, key: folded.storedKey, values: values))
            }
        }
    }

    /// Sets a single-valued key.
    public mutating func set(_ key: String, _ value: String) {
        let folded = ContextKey(key)
        if let index = index(of: folded) {
            entries[index].values = .single(value)
        } else {
            entries.append(Entry(hash: folded.hash, key: folded.storedKey, values: .single(value)))
        }
    }

    public func contains(_ key: String) -> Bool { index(of: ContextKey(key)) != nil }

    public var keys: [String] { entries.map(\.key).sorted() }

    public var count: Int { entries.count }

    /// Adds the keys of `other` that this context lacks.
    public mutating func addMissing(from other: RequestContext) {
        entries.reserveCapacity(entries.count + other.entries.count)
        for entry in other.entries where index(hash: entry.hash, key: entry.key) == nil {
            entries.append(entry)
        }
    }

    @inline(__always)
    func index(of key: ContextKey) -> Int? { index(hash: key.hash, key: key.storedKey) }

    @inline(__always)
    func index(hash: UInt64, key: String) -> Int? {
        var i = 0
        let count = entries.count
        while i < count {
            if entries[i].hash == hash, ContextKey.foldedEqual(entries[i].key, key) { return i }
            i += 1
        }
        return nil
    }

    /// Values for a compiled (lowercased, hashed) key.
    @inline(__always)
    func values(for key: ContextKey) -> Values? {
        guard let index = index(hash: key.hash, key: key.storedKey) else { return nil }
        return entries[index].values
    }

    public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { entry in
            rhs.index(hash: entry.hash, key: entry.key).map { rhs.entries[$0].values == entry.values } ?? false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        hasher.combine(entries.reduce(0) { $0 ^ $1.hash })
    }
}

/// A condition key with its case-folded FNV-1a hash, computed once.
struct ContextKey: Sendable, Hashable {
    let hash: UInt64
    /// ASCII keys keep their spelling (compared case-insensitively); others are lowercased.
    let storedKey: String

    init(_ key: String) {
        // One pass over contiguous bytes: the folded hash, and whether the key is ASCII.
        let (asciiHash, isASCII) = withUTF8(key) { bytes -> (UInt64, Bool) in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var high: UInt8 = 0
            for byte in bytes {
                high |= byte
                hash = (hash ^ UInt64(ContextKey.fold(byte))) &* 0x100_0000_01b3
            }
            return (hash, high < 0x80)
        }
        if isASCII {
            storedKey = key
            hash = asciiHash
        } else {
            let lowered = key.lowercased()
            storedKey = lowered
            hash = withUTF8(lowered) { ContextKey.foldedHash($0) }
        }
    }

    @inline(__always)
    static func foldedHash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
        }
        return hash
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// ASCII case-insensitive equality.
    @inline(__always)
    static func foldedEqual(_ a: String, _ b: String) -> Bool {
        withUTF8(a) { x in
            withUTF8(b) { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count {
                    let p = x[i], q = y[i]
                    if p != q, fold(p) != fold(q) { return false }
                }
                return true
            }
        }
    }
}
