import Crypto

/// Builds SigV4's canonical request and string to sign, byte by byte.
///
/// "Create a canonical request" (AWS General Reference):
/// `Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload`.
/// Shared by the verifier and the signer so both sides agree by construction.
enum SigV4Canonicalizer {
    /// How the path enters the canonical URI.
    enum PathEncoding {
        /// Every service but S3: normalize (drop `.`/`..` and empty segments) and encode the
        /// already-encoded path once more ("double encoding").
        case normalizedDoubleEncoded
        /// S3: the path as sent, decoded and encoded once, not normalized.
        case singleEncoded
    }

    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The canonical request.
    static func canonicalRequest(
        _ request: AWSHTTPRequest, signedHeaders: [String], payloadHash: String, pathEncoding: PathEncoding,
        excludeSignatureFromQuery: Bool
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.query.utf8.count)
        out.append(contentsOf: request.method.utf8)
        out.append(0x0A)
        appendCanonicalURI(request.path, encoding: pathEncoding, to: &out)
        out.append(0x0A)
        appendCanonicalQuery(request.query, excludeSignature: excludeSignatureFromQuery, to: &out)
        out.append(0x0A)
        for name in signedHeaders {
            out.append(contentsOf: name.utf8)
            out.append(0x3A)
            appendCanonicalHeaderValue(name, of: request, to: &out)
            out.append(0x0A)
        }
        out.append(0x0A)
        for (i, name) in signedHeaders.enumerated() {
            if i > 0 { out.append(0x3B) }
            out.append(contentsOf: name.utf8)
        }
        out.append(0x0A)
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// `AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(SHA256(canonicalRequest))`.
    static func stringToSign(canonicalRequest: [UInt8], amzDate: String, scope: CredentialScope) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(contentsOf: "AWS4-HMAC-SHA256\n".utf8)
        out.append(contentsOf: amzDate.utf8)
        out.append(0x0A)
        out.append(contentsOf: scope.date.utf8)
        out.append(0x2F)
        out.append(contentsOf: scope.region.utf8)
        out.append(0x2F)
        out.append(contentsOf: scope.service.utf8)
        out.append(contentsOf: "/aws4_request\n".utf8)
        ASCII.appendHex(SHA256.hash(data: canonicalRequest), to: &out)
        return out
    }

    /// The hex SHA-256 of the body.
    static func payloadHash(_ body: [UInt8]) -> String {
        body.isEmpty ? emptyPayloadHash : ASCII.hex(SHA256.hash(data: body))
    }

    // MARK: URI

    static func appendCanonicalURI(_ rawPath: String, encoding: PathEncoding, to out: inout [UInt8]) {
        if rawPath == "/" || rawPath.isEmpty {
            out.append(0x2F)
            return
        }
        switch encoding {
        case .normalizedDoubleEncoded:
            PercentEncoding.encode(Array(normalizedPath(rawPath).utf8), keepSlash: true, into: &out)
        case .singleEncoded:
            PercentEncoding.encode(PercentEncoding.decodeLeniently(Array(rawPath.utf8)), keepSlash: true, into: &out)
        }
    }

    /// RFC 3986 dot-segment removal as botocore's `remove_dot_segments` does it: empty segments
    /// and `.` are dropped, `..` pops, a trailing slash is kept.
    static func normalizedPath(_ path: String) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !output.isEmpty { output.removeLast() }
            default: output.append(segment)
            }
        }
        var result = "/" + output.joined(separator: "/")
        if path.hasSuffix("/") && !output.isEmpty { result += "/" }
        return result
    }

    // MARK: Query

    static func appendCanonicalQuery(_ rawQuery: String, excludeSignature: Bool, to out: inout [UInt8]) {
        if rawQuery.isEmpty { return }
        var query = rawQuery
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        query.withUTF8 { bytes in
            FormComponents.forEach(in: bytes) { rawName, rawValue in
                let name = canonicalComponent(rawName)
                // Comparing the canonical form compares the decoded name: both are one-to-one.
                if excludeSignature && name.elementsEqual("X-Amz-Signature".utf8) { return }
                pairs.append((name, canonicalComponent(rawValue)))
            }
        }
        pairs.sort { a, b in
            a.name == b.name ? a.value.lexicographicallyPrecedes(b.value) : a.name.lexicographicallyPrecedes(b.name)
        }
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out.append(0x26) }
            out.append(contentsOf: pair.name)
            out.append(0x3D)
            out.append(contentsOf: pair.value)
        }
    }

    /// The name or value as SigV4 encodes it: decoded (leniently), then encoded; as sent when that is the same.
    @inline(__always)
    private static func canonicalComponent(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        if FormComponents.isCanonicallyEncoded(raw) { return Array(raw) }
        var encoded: [UInt8] = []
        PercentEncoding.encode(PercentEncoding.decodeLeniently(raw), into: &encoded)
        return encoded
    }

    // MARK: Headers

    /// All values of the header, each trimmed with inner runs of spaces collapsed, joined by commas.
    static func appendCanonicalHeaderValue(_ lowercaseName: String, of request: AWSHTTPRequest, to out: inout [UInt8]) {
        var first = true
        for header in request.headers where header.name.asciiCaseInsensitiveEquals(lowercaseName) {
            if !first { out.append(0x2C) }
            first = false
            var pendingSpace = false
            var started = false
            var value = header.value
            value.withUTF8 { bytes in
                for b in bytes {
                    if ASCII.isWhitespace(b) || b == 0x0A || b == 0x0D {
                        if started { pendingSpace = true }
                        continue
                    }
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    started = true
                    out.append(b)
                }
            }
        }
    }
}
