/// The flat parameters of an AWS Query request (`Action`, `Version`, `UserName`,
/// `Tags.member.1.Key`, …), from the query string and the form-encoded body.
public struct QueryParameters: Sendable, Hashable {
    /// Parameter values by name, percent-decoded.
    public private(set) var values: [String: String]

    /// Creates parameters from decoded name/value pairs.
    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// Parses `application/x-www-form-urlencoded` text (`+` is a space).
    /// - Throws: `MalformedQueryString` when an escape is not `%XX` or the text is not UTF-8.
    public init(formEncoded bytes: some Collection<UInt8>) throws(AWSServiceError) {
        var values: [String: String] = [:]
        try Array(bytes).withUnsafeBufferPointer { buffer throws(AWSServiceError) in try Self.parse(buffer, into: &values) }
        self.values = values
    }

    /// The parameters of a Query request: the query string, plus the body when it is a form
    /// (a `POST` whose content type is form-encoded, or that has no content type). A name in
    /// both keeps the body's value.
    public init(request: AWSHTTPRequest) throws(AWSServiceError) {
        var values: [String: String] = [:]
        var query = request.query
        let malformed: AWSServiceError? = query.withUTF8 { buffer in
            do throws(AWSServiceError) { try Self.parse(buffer, into: &values) } catch { return error }
            return nil
        }
        if let malformed { throw malformed }
        if !request.body.isEmpty {
            let contentType = request.header("Content-Type")?.lowercased() ?? "application/x-www-form-urlencoded"
            guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
                throw .malformedQueryString("Unsupported Content-Type for a Query request: \(contentType)")
            }
            try request.body.withUnsafeBufferPointer { buffer throws(AWSServiceError) in try Self.parse(buffer, into: &values) }
        }
        self.values = values
    }

    /// The value of a parameter.
    public subscript(name: String) -> String? {
        values[name]
    }

    /// The `Action` parameter.
    public var action: String? { values["Action"] }
    /// The `Version` parameter.
    public var version: String? { values["Version"] }

    /// Whether the protocol layer (not the operation) owns this parameter.
    static func isEnvelope(_ name: String) -> Bool {
        name == "Action" || name == "Version" || name.hasPrefix("X-Amz-")
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into values: inout [String: String]) throws(AWSServiceError) {
        try FormComponents.forEach(in: bytes) { rawName, rawValue throws(AWSServiceError) in
            guard let name = decodeText(rawName), let value = decodeText(rawValue) else {
                let pair = rawName.startIndex..<rawValue.endIndex
                throw .malformedQueryString(
                    "The query string or form body is malformed: invalid percent-encoding in '\(String(decoding: bytes[pair].prefix(64), as: UTF8.self))'")
            }
            guard !name.isEmpty else { return }
            values[name] = value
        }
    }

    /// The text of a form-encoded name or value (`+` is a space); nil for a malformed escape or bytes that
    /// are not UTF-8.
    @inline(__always)
    private static func decodeText(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        if FormComponents.needsNoDecoding(raw) { return String(validating: raw, as: UTF8.self) }
        return PercentEncoding.decode(raw, plusAsSpace: true).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
