import Foundation

/// An HTTP request as the AWS protocol layer sees it, independent of any HTTP server.
///
/// The server adapts its own request type into this one. Everything is kept as received
/// (raw percent-encoded path, raw query string, headers in order with repeats) because
/// SigV4 signs the exact bytes the client sent.
public struct AWSHTTPRequest: Sendable {
    /// One header line; names compare case-insensitively, values are kept verbatim.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The path as it appeared on the request line, still percent-encoded, e.g. `/`.
    public var path: String
    /// The query string without the leading `?`, still percent-encoded; empty when absent.
    public var query: String
    /// Header lines in the order received; a name may repeat.
    public var headers: [Header]
    /// The request body.
    public var body: [UInt8]
    /// The IP address of the client that sent it (`aws:SourceIp`), when the server knows it.
    public var sourceIP: String?

    /// Creates a request from its parts.
    public init(method: String, path: String, query: String = "", headers: [Header], body: [UInt8] = []) {
        self.method = method
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a request-target such as `/?Action=ListUsers`, splitting path and query.
    public init(method: String, target: String, headers: [(String, String)], body: [UInt8] = []) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method,
            path: String(parts[0]),
            query: parts.count > 1 ? String(parts[1]) : "",
            headers: headers.map { Header(name: $0.0, value: $0.1) },
            body: body
        )
    }

    /// Creates a request whose body is UTF-8 text.
    public init(method: String, target: String, headers: [(String, String)], body: String) {
        self.init(method: method, target: target, headers: headers, body: Array(body.utf8))
    }

    /// The first value of the named header (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        for header in headers where header.name.asciiCaseInsensitiveEquals(name) {
            return header.value
        }
        return nil
    }

    /// Every value of the named header (case-insensitive), in the order received.
    public func headerValues(_ name: String) -> [String] {
        headers.lazy.filter { $0.name.asciiCaseInsensitiveEquals(name) }.map(\.value)
    }
}

extension String {
    /// ASCII case-insensitive comparison, without allocating (runs many times per request).
    func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        guard self.utf8.count == other.utf8.count else { return false }
        let fast = self.utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                for i in 0..<a.count where a[i] != b[i] && ASCII.lowercase(a[i]) != ASCII.lowercase(b[i]) {
                    return false
                }
                return true
            }
        }
        if let result = fast ?? nil { return result }
        for (x, y) in zip(self.utf8, other.utf8) where x != y && ASCII.lowercase(x) != ASCII.lowercase(y) {
            return false
        }
        return true
    }
}
