import Foundation

/// Encodes an `Encodable` output struct as the body of a Query `<…Result>` element.
///
/// Coding keys are the wire names (`UserName`); lists become `<Name><member>…</member></Name>`,
/// `[String: String]` maps `<Name><entry><key/><value/></entry></Name>`, dates ISO 8601
/// (`2026-11-29T19:35:36Z`), booleans `true`/`false`; nil optionals are omitted. This is what
/// botocore's `QueryParser` reads for non-flattened members.
public struct QueryXMLEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Writes the members of `value` into `writer` (the caller writes the enclosing element).
    public func encode<T: Encodable>(_ value: T, into writer: inout XMLWriter) throws(AWSServiceError) {
        let root = XMLNode(name: "")
        do {
            try value.encode(to: XMLNodeEncoder(node: root, codingPath: []))
        } catch {
            throw .internalFailure
        }
        for child in root.children { child.write(to: &writer) }
    }

    /// The full Query response document:
    /// `<{Op}Response xmlns=…><{Op}Result>…</{Op}Result><ResponseMetadata><RequestId/></ResponseMetadata></{Op}Response>`.
    /// An output with no members (``EmptyOutput``) has no `Result` element, as AWS sends it.
    public func response<T: Encodable>(operation: String, output: T, xmlNamespace: String, requestID: String)
        throws(AWSServiceError) -> [UInt8]
    {
        var xml = XMLWriter()
        xml.open(operation + "Response", namespace: xmlNamespace)
        if !(output is EmptyOutput) {
            xml.open(operation + "Result")
            try encode(output, into: &xml)
            xml.close(operation + "Result")
        }
        xml.element("ResponseMetadata") { $0.element("RequestId", requestID) }
        xml.close(operation + "Response")
        return xml.bytes
    }
}

/// The input of operations that take no members (e.g. `GetAccountSummary`).
public struct EmptyInput: Codable, Sendable, Hashable {
    /// Creates an empty input.
    public init() {}
}

/// The output of operations that return nothing but metadata (e.g. `DeleteUser`).
public struct EmptyOutput: Codable, Sendable, Hashable {
    /// Creates an empty output.
    public init() {}
}

/// An element being built: text or children.
final class XMLNode {
    let name: String
    var text: String?
    var children: [XMLNode] = []

    init(name: String) { self.name = name }

    func child(_ name: String) -> XMLNode {
        let node = XMLNode(name: name)
        children.append(node)
        return node
    }

    func write(to writer: inout XMLWriter) {
        writer.open(name)
        if let text { writer.text(text) }
        for child in children { child.write(to: &writer) }
        writer.close(name)
    }
}

struct XMLNodeEncoder: Encoder {
    let node: XMLNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(XMLKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        XMLUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        XMLSingleValueContainer(node: node, codingPath: codingPath)
    }

    /// Encodes `value` as the content of `node`.
    static func encode<T: Encodable>(_ value: T, into node: XMLNode, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as String: node.text = v
        case let v as Bool: node.text = v ? "true" : "false"
        case let v as Date: node.text = AWSTimestamp.iso8601(v)
        case let v as Int: node.text = String(v)
        case let v as Int64: node.text = String(v)
        case let v as Int32: node.text = String(v)
        case let v as Double: node.text = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case let v as Data: node.text = v.base64EncodedString()
        case let v as [String: String]:
            for key in v.keys.sorted() {
                let entry = node.child("entry")
                entry.child("key").text = key
                entry.child("value").text = v[key]
            }
        case let v as [String: Int]:
            for key in v.keys.sorted() {
                let entry = node.child("entry")
                entry.child("key").text = key
                entry.child("value").text = String(v[key]!)
            }
        default:
            try value.encode(to: XMLNodeEncoder(node: node, codingPath: codingPath))
        }
    }
}

struct XMLKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: XMLNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try XMLNodeEncoder.encode(value, into: node.child(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(XMLKeyedContainer<NestedKey>(node: node.child(key.stringValue), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        XMLUnkeyedContainer(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { XMLNodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        XMLNodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }
}

struct XMLUnkeyedContainer: UnkeyedEncodingContainer {
    let node: XMLNode
    let codingPath: [any CodingKey]
    var count: Int { node.children.count }

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try XMLNodeEncoder.encode(value, into: node.child("member"), codingPath: codingPath + [QueryCodingKey(intValue: count)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(XMLKeyedContainer<NestedKey>(node: node.child("member"), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        XMLUnkeyedContainer(node: node.child("member"), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { XMLNodeEncoder(node: node.child("member"), codingPath: codingPath) }
}

struct XMLSingleValueContainer: SingleValueEncodingContainer {
    let node: XMLNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try XMLNodeEncoder.encode(value, into: node, codingPath: codingPath)
    }
}
