/// A minimal, escaping XML writer for AWS Query responses.
///
/// It writes elements only (no attributes beyond the root `xmlns`), which is all the Query
/// protocol uses, and escapes text so values can never break the document.
public struct XMLWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() { bytes.reserveCapacity(512) }

    /// The document as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes `<name xmlns="namespace">` (or `<name>`).
    public mutating func open(_ name: String, namespace: String? = nil) {
        bytes.append(0x3C)
        bytes.append(contentsOf: name.utf8)
        if let namespace {
            bytes.append(contentsOf: " xmlns=\"".utf8)
            Self.escape(namespace, into: &bytes)
            bytes.append(0x22)
        }
        bytes.append(0x3E)
    }

    /// Writes `</name>`.
    public mutating func close(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0x3E)
    }

    /// Writes escaped character data.
    public mutating func text(_ value: String) {
        Self.escape(value, into: &bytes)
    }

    /// Writes `<name>escaped value</name>`.
    public mutating func element(_ name: String, _ value: String) {
        open(name)
        text(value)
        close(name)
    }

    /// Writes `<name>`, the children written by `body`, then `</name>`.
    public mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// Escapes `&`, `<`, `>`, `"`, `'`, and control characters XML 1.0 allows only as references.
    static func escape(_ value: String, into out: inout [UInt8]) {
        for b in value.utf8 {
            switch b {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&apos;".utf8)
            case 0x0D: out.append(contentsOf: "&#xD;".utf8)
            case 0x09, 0x0A: out.append(b)
            case 0x00..<0x20: break  // not representable in XML 1.0: dropped
            default: out.append(b)
            }
        }
    }
}
