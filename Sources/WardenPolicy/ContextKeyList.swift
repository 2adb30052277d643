/// The condition keys a decision found missing. Holds up to four keys inline so that a
/// decision does not allocate for them.
public struct ContextKeyList: RandomAccessCollection, Sendable, Hashable, CustomStringConvertible {
    private var k0: String?
    private var k1: String?
    private var k2: String?
    private var k3: String?
    private var overflow: [String] = []
    public private(set) var count = 0

    public init() {}

    public init(_ keys: [String]) {
        for key in keys { appendUnique(key) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> String {
        switch position {
        case 0: k0!
        case 1: k1!
        case 2: k2!
        case 3: k3!
        default: overflow[position - 4]
        }
    }

    /// Appends `key` unless it is already present (compared case-insensitively).
    mutating func appendUnique(_ key: String) {
        for index in 0..<count where ContextKey.foldedEqual(self[index], key) { return }
        switch count {
        case 0: k0 = key
        case 1: k1 = key
        case 2: k2 = key
        case 3: k3 = key
        default: overflow.append(key)
        }
        count += 1
    }

    public var description: String { joined(separator: ", ") }

    public static func == (lhs: ContextKeyList, rhs: ContextKeyList) -> Bool { lhs.elementsEqual(rhs) }
    public func hash(into hasher: inout Hasher) {
        for key in self { hasher.combine(key) }
    }
}
