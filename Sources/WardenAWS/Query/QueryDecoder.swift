import Foundation

/// Decodes AWS Query parameters into a `Decodable` input struct.
///
/// Wire names are the struct's coding keys (e.g. `UserName`). Nested structures are
/// `Name.Member`, lists `Name.member.N` (from 1; an empty list is sent as `Name=`), maps of
/// strings `Name.entry.N.key`/`.value`. Dates are ISO 8601; booleans `true`/`false`.
///
/// ```swift
/// struct CreateUserInput: Decodable, Sendable {
///     var UserName: String
///     var Path: String?
///     var Tags: [Tag]?
/// }
/// let input = try QueryDecoder().decode(CreateUserInput.self, from: parameters)
/// ```
public struct QueryDecoder: Sendable {
    /// Whether a parameter the input does not read is an error (`UnknownParameter`).
    public var rejectsUnknownParameters: Bool

    /// Creates a decoder. AWS Query services reject what they do not understand, so unknown
    /// parameters are rejected by default.
    public init(rejectsUnknownParameters: Bool = true) {
        self.rejectsUnknownParameters = rejectsUnknownParameters
    }

    /// Decodes `type` from the parameters.
    /// - Throws: `ValidationError` "Value null at …" (required member absent), `InvalidParameterValue` (wrong
    ///   form, e.g. `MaxItems=abc`), `UnknownParameter`.
    public func decode<T: Decodable>(_ type: T.Type, from parameters: QueryParameters) throws(AWSServiceError) -> T {
        let storage = QueryStorage(parameters.values)
        let value: T
        do {
            value = try T(from: QueryNodeDecoder(storage: storage, path: "", codingPath: []))
        } catch let error as AWSServiceError {
            throw error
        } catch let error as DecodingError {
            throw Self.map(error)
        } catch {
            throw .internalFailure
        }
        if rejectsUnknownParameters {
            let unknown = parameters.values.keys.filter { !storage.used.contains($0) && !QueryParameters.isEnvelope($0) }
            if let first = unknown.sorted().first { throw .unknownParameter(first) }
        }
        return value
    }

    static func map(_ error: DecodingError) -> AWSServiceError {
        switch error {
        case .keyNotFound(let key, let context):
            return .missingRequiredMember(wireName(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return .missingRequiredMember(wireName(context.codingPath))
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return .invalidParameterValue(context.debugDescription)
        @unknown default:
            return .internalFailure
        }
    }

    /// The Query name of a coding path: list indices become `member.N`.
    static func wireName(_ path: [any CodingKey]) -> String {
        path.map { key in key.intValue.map { "member.\($0 + 1)" } ?? key.stringValue }.joined(separator: ".")
    }
}

/// The parameters being decoded and which of them were read.
final class QueryStorage {
    let values: [String: String]
    /// Every name and every dotted prefix of a name, to answer "is anything under X?".
    let prefixes: Set<String>
    var used: Set<String> = []

    init(_ values: [String: String]) {
        self.values = values
        var prefixes = Set<String>()
        for name in values.keys where !QueryParameters.isEnvelope(name) {
            prefixes.insert(name)
            var index = name.utf8.startIndex
            while let dot = name.utf8[index...].firstIndex(of: 0x2E) {
                prefixes.insert(String(name[..<dot]))
                index = name.utf8.index(after: dot)
            }
        }
        self.prefixes = prefixes
    }

    func read(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        used.insert(name)
        return value
    }
}

struct QueryCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// A decoder positioned at one dotted name (`""` is the root).
struct QueryNodeDecoder: Decoder {
    let storage: QueryStorage
    let path: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ component: String) -> String { path.isEmpty ? component : path + "." + component }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(QueryKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        QueryUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        QuerySingleValueContainer(decoder: self)
    }

    /// Decodes a value stored at `name`, handling scalars, dates and string maps here.
    func decodeValue<T: Decodable>(_ type: T.Type, at name: String, codingPath: [any CodingKey]) throws -> T {
        if T.self == String.self || T.self == Date.self || T.self == Bool.self || T.self == Int.self || T.self == Int64.self
            || T.self == Int32.self || T.self == Double.self || T.self == Float.self
        {
            return try scalar(type, at: name, codingPath: codingPath)
        }
        if T.self == [String: String].self {
            return try stringMap(at: name, codingPath: codingPath) as! T
        }
        return try T(from: QueryNodeDecoder(storage: storage, path: name, codingPath: codingPath))
    }

    func scalar<T>(_ type: T.Type, at name: String, codingPath: [any CodingKey]) throws -> T {
        guard let text = storage.read(name) else {
            throw DecodingError.valueNotFound(
                T.self, .init(codingPath: codingPath, debugDescription: "The request must contain the parameter \(name)"))
        }
        func invalid(_ kind: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: codingPath, debugDescription: "Invalid \(kind) value '\(text)' for parameter \(name)"))
        }
        switch T.self {
        case is String.Type: return text as! T
        case is Bool.Type:
            switch text.lowercased() {
            case "true": return true as! T
            case "false": return false as! T
            default: throw invalid("boolean")
            }
        case is Int.Type:
            guard let v = Int(text) else { throw invalid("integer") }
            return v as! T
        case is Int64.Type:
            guard let v = Int64(text) else { throw invalid("integer") }
            return v as! T
        case is Int32.Type:
            guard let v = Int32(text) else { throw invalid("integer") }
            return v as! T
        case is Double.Type:
            guard let v = Double(text) else { throw invalid("number") }
            return v as! T
        case is Float.Type:
            guard let v = Float(text) else { throw invalid("number") }
            return v as! T
        case is Date.Type:
            guard let v = AWSTimestamp.parseISO8601(text) else { throw invalid("timestamp") }
            return v as! T
        default:
            throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "Unsupported type"))
        }
    }

    func stringMap(at name: String, codingPath: [any CodingKey]) throws -> [String: String] {
        var map: [String: String] = [:]
        if storage.values[name] != nil { _ = storage.read(name) }  // empty map sent as `Name=`
        var index = 1
        while storage.prefixes.contains("\(name).entry.\(index)") {
            let entry = "\(name).entry.\(index)"
            guard let key = storage.read(entry + ".key") else {
                throw DecodingError.keyNotFound(
                    QueryCodingKey(stringValue: "key"), .init(codingPath: codingPath, debugDescription: entry + ".key"))
            }
            map[key] = storage.read(entry + ".value") ?? ""
            index += 1
        }
        return map
    }
}

struct QueryKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: QueryNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        let prefix = decoder.path.isEmpty ? "" : decoder.path + "."
        var names = Set<String>()
        for name in decoder.storage.prefixes where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if !rest.contains(".") { names.insert(String(rest)) }
        }
        return names.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool { decoder.storage.prefixes.contains(decoder.child(key.stringValue)) }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let name = decoder.child(key.stringValue)
        guard decoder.storage.prefixes.contains(name) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "The request must contain the parameter \(name)"))
        }
        return try decoder.decodeValue(type, at: name, codingPath: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(Wrapped<Bool>.self, forKey: key).value }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(Wrapped<String>.self, forKey: key).value }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(Wrapped<Double>.self, forKey: key).value }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(Wrapped<Float>.self, forKey: key).value }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(Wrapped<Int>.self, forKey: key).value }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { Int8(try decode(Int.self, forKey: key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { Int16(try decode(Int.self, forKey: key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(Wrapped<Int32>.self, forKey: key).value }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(Wrapped<Int64>.self, forKey: key).value }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { UInt(try decode(Int.self, forKey: key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { UInt8(try decode(Int.self, forKey: key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { UInt16(try decode(Int.self, forKey: key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { UInt32(try decode(Int.self, forKey: key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { UInt64(try decode(Int64.self, forKey: key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(
            QueryKeyedContainer<NestedKey>(
                decoder: QueryNodeDecoder(
                    storage: decoder.storage, path: decoder.child(key.stringValue), codingPath: codingPath + [key])))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        QueryUnkeyedContainer(
            decoder: QueryNodeDecoder(storage: decoder.storage, path: decoder.child(key.stringValue), codingPath: codingPath + [key]))
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        QueryNodeDecoder(storage: decoder.storage, path: decoder.child(key.stringValue), codingPath: codingPath + [key])
    }
}

/// Routes a scalar through `decodeValue` so every primitive takes one path.
private struct Wrapped<T>: Decodable {
    var value: T
    init(from decoder: any Decoder) throws {
        let node = decoder as! QueryNodeDecoder
        value = try node.scalar(T.self, at: node.path, codingPath: node.codingPath)
    }
}

struct QueryUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: QueryNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    let count: Int?
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    init(decoder: QueryNodeDecoder) {
        self.decoder = decoder
        if decoder.storage.values[decoder.path] != nil { _ = decoder.storage.read(decoder.path) }  // `Name=` (empty list)
        var n = 0
        while decoder.storage.prefixes.contains("\(decoder.path).member.\(n + 1)") { n += 1 }
        self.count = n
    }

    private mutating func nextName() throws -> (String, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "No more list members at \(decoder.path)"))
        }
        let key = QueryCodingKey(intValue: currentIndex)
        currentIndex += 1
        return ("\(decoder.path).member.\(currentIndex)", codingPath + [key])
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (name, path) = try nextName()
        return try decoder.decodeValue(type, at: name, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (name, path) = try nextName()
        return KeyedDecodingContainer(
            QueryKeyedContainer<NestedKey>(decoder: QueryNodeDecoder(storage: decoder.storage, path: name, codingPath: path)))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (name, path) = try nextName()
        return QueryUnkeyedContainer(decoder: QueryNodeDecoder(storage: decoder.storage, path: name, codingPath: path))
    }

    mutating func superDecoder() throws -> any Decoder {
        let (name, path) = try nextName()
        return QueryNodeDecoder(storage: decoder.storage, path: name, codingPath: path)
    }
}

struct QuerySingleValueContainer: SingleValueDecodingContainer {
    let decoder: QueryNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.storage.values[decoder.path] == nil }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(type, at: decoder.path, codingPath: codingPath)
    }
}
