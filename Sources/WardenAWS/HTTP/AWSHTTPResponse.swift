/// An HTTP response produced by the protocol layer, for the server to write out as is.
public struct AWSHTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Header lines, in order.
    public var headers: [AWSHTTPRequest.Header]
    /// The response body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [AWSHTTPRequest.Header], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (for tests and debugging).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of the named header (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.asciiCaseInsensitiveEquals(name) }?.value
    }
}
