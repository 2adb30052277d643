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
        try Self.parse(bytes, into: &values)
        self.values = values
    }

    /// The parameters of a Query request: the query string, plus the body when it is a form
    /// (a `POST` whose content type is form-encoded, or that has no content type). A name in
    /// both keeps the body's value.
    public init(request: AWSHTTPRequest) throws(AWSServiceError) {
        var values: [String: String] = [:]
        try Self.parse(request.query.utf8, into: &values)
        if !request.body.isEmpty {
            let contentType = request.header("Content-Type")?.lowercased() ?? "application/x-www-form-urlencoded"
            guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
                throw .malformedQueryString("Unsupported Content-Type for a Query request: \(contentType)")
            }
            try Self.parse(request.body, into: &values)
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

    private static func parse(_ bytes: some Collection<UInt8>, into values: inout [String: String]) throws(AWSServiceError) {
        for pair in bytes.split(separator: 0x26) {
            let eq = pair.firstIndex(of: 0x3D)
            let rawName = eq.map { pair[..<$0] } ?? pair[...]
            let rawValue = eq.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let name = PercentEncoding.decode(rawName, plusAsSpace: true),
                let value = PercentEncoding.decode(rawValue, plusAsSpace: true),
                let nameText = String(validating: name, as: UTF8.self),
                let valueText = String(validating: value, as: UTF8.self)
            else {
                throw .malformedQueryString(
                    "The query string or form body is malformed: invalid percent-encoding in '\(String(decoding: pair.prefix(64), as: UTF8.self))'")
            }
            guard !nameText.isEmpty else { continue }
            values[nameText] = valueText
        }
    }
}
