public import Foundation

/// AWS Signature Version 4: parsing the signature a request carries.
///
/// Follows "Signature Version 4 signing process" and "Authenticating requests: using query
/// parameters" in the AWS General Reference; error codes and messages are AWS's own.
public enum SigV4 {
    /// The only algorithm SigV4 defines.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// How far the request date may be from the server clock (15 minutes, as AWS).
    public static let maxClockSkew: TimeInterval = 15 * 60
    /// The longest a presigned URL may live (7 days).
    public static let maxPresignedExpiry = 604_800

    /// Parses the signature a request carries, without the secret.
    ///
    /// Checks everything that does not need the secret: form, credential scope, signed
    /// headers (must include `host`), date and clock skew (or presigned expiry).
    /// - Parameters:
    ///   - request: The request as received.
    ///   - now: The server clock.
    /// - Returns: The claimed credential, for the caller to look up the secret.
    /// - Throws: `MissingAuthenticationToken`, `IncompleteSignature`, `SignatureDoesNotMatch`
    ///   (scope or date problems), `RequestExpired`.
    public static func parse(_ request: AWSHTTPRequest, now: Date) throws(AWSServiceError) -> SigV4Credential {
        let authorization = request.header("Authorization")
        let presigned = presignedParameters(request.query)
        switch (authorization, presigned) {
        case (nil, nil):
            throw .missingAuthenticationToken
        case (.some, .some):
            throw .incompleteSignature(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified")
        case (let header?, nil):
            return try parseHeader(header, request: request, now: now)
        case (nil, let params?):
            return try parsePresigned(params, now: now)
        }
    }

    // MARK: Authorization header

    private static func parseHeader(_ header: String, request: AWSHTTPRequest, now: Date) throws(AWSServiceError)
        -> SigV4Credential
    {
        // Scanned as bytes: this runs on every request.
        let bytes = Array(header.utf8)
        var start = 0
        var end = bytes.count
        while start < end, ASCII.isWhitespace(bytes[start]) { start += 1 }
        while end > start, ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
        var i = start
        while i < end, bytes[i] != 0x20 { i += 1 }
        guard bytes[start..<i].elementsEqual(Self.algorithm.utf8) else {
            throw .incompleteSignature("Unsupported AWS 'algorithm': '\(String(decoding: bytes[start..<i], as: UTF8.self))'.")
        }
        var credential: String?
        var signedHeaders: String?
        var signature: String?
        while i < end {
            var segmentStart = i
            while i < end, bytes[i] != 0x2C { i += 1 }
            var segmentEnd = i
            i += 1  // past the comma
            while segmentStart < segmentEnd, ASCII.isWhitespace(bytes[segmentStart]) { segmentStart += 1 }
            while segmentEnd > segmentStart, ASCII.isWhitespace(bytes[segmentEnd - 1]) { segmentEnd -= 1 }
            guard let eq = bytes[segmentStart..<segmentEnd].firstIndex(of: 0x3D) else { continue }
            let name = bytes[segmentStart..<eq]
            let value = String(decoding: bytes[(eq + 1)..<segmentEnd], as: UTF8.self)
            if name.elementsEqual("Credential".utf8) {
                credential = value
            } else if name.elementsEqual("SignedHeaders".utf8) {
                signedHeaders = value
            } else if name.elementsEqual("Signature".utf8) {
                signature = value
            }
        }
        let amzDateHeader = request.header("X-Amz-Date")
        let dateHeader = amzDateHeader == nil ? request.header("Date") : nil
        guard let credential, let signedHeaders, let signature, amzDateHeader != nil || dateHeader != nil else {
            var missing: [String] = []
            if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
            if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
            if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
            if amzDateHeader == nil && dateHeader == nil {
                missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
            }
            throw .incompleteSignature(
                missing.joined(separator: " ") + " Authorization=" + String(decoding: bytes[start..<end], as: UTF8.self))
        }
        let (accessKeyID, scope) = try parseCredential(credential)
        let headers = try parseSignedHeaders(signedHeaders)
        let (date, amzDate) = try parseDate(amzDateHeader: amzDateHeader, dateHeader: dateHeader)
        try checkScopeDate(scope, amzDate: amzDate)
        try checkSkew(amzDate: amzDate, date: date, now: now)
        return SigV4Credential(
            accessKeyID: accessKeyID, scope: scope, signedHeaders: headers, signature: signature,
            securityToken: request.header("X-Amz-Security-Token"), requestDate: date, amzDate: amzDate,
            form: .authorizationHeader)
    }

    // MARK: Presigned query

    /// The decoded query parameters when the query carries any `X-Amz-Algorithm`,
    /// `X-Amz-Credential` or `X-Amz-Signature`; nil otherwise (a cheap scan first).
    private static func presignedParameters(_ query: String) -> [String: String]? {
        guard !query.isEmpty, query.utf8.contains(0x58) || query.utf8.contains(0x78) else { return nil }  // 'X'/'x'
        var params: [String: String] = [:]
        var query = query
        query.withUTF8 { bytes in
            FormComponents.forEach(in: bytes) { rawName, rawValue in
                let name: String
                if FormComponents.needsNoDecoding(rawName) {
                    // The operation's own parameters are skipped without a copy.
                    guard rawName.starts(with: "X-Amz-".utf8) else { return }
                    name = String(decoding: rawName, as: UTF8.self)
                } else {
                    name = String(decoding: PercentEncoding.decodeLeniently(rawName), as: UTF8.self)
                    guard name.hasPrefix("X-Amz-") else { return }
                }
                params[name] =
                    FormComponents.needsNoDecoding(rawValue)
                    ? String(decoding: rawValue, as: UTF8.self) : String(decoding: PercentEncoding.decodeLeniently(rawValue), as: UTF8.self)
            }
        }
        guard params["X-Amz-Algorithm"] != nil || params["X-Amz-Credential"] != nil || params["X-Amz-Signature"] != nil
        else { return nil }
        return params
    }

    private static func parsePresigned(_ params: [String: String], now: Date) throws(AWSServiceError) -> SigV4Credential {
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
        let missing = required.filter { params[$0] == nil }
        guard missing.isEmpty else {
            throw .incompleteSignature(
                "AWS query-string parameters must include " + missing.map { "'\($0)'" }.joined(separator: ", ")
                    + ". Re-examine the query-string parameters.")
        }
        let algorithm = params["X-Amz-Algorithm"]!
        guard algorithm == Self.algorithm else {
            throw .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'.")
        }
        let (accessKeyID, scope) = try parseCredential(params["X-Amz-Credential"]!)
        let headers = try parseSignedHeaders(params["X-Amz-SignedHeaders"]!)
        let (date, amzDate) = try parseDate(amzDateHeader: params["X-Amz-Date"], dateHeader: nil)
        try checkScopeDate(scope, amzDate: amzDate)
        guard let expiresText = params["X-Amz-Expires"] else {
            throw .incompleteSignature(
                "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.")
        }
        guard let expires = Int(expiresText), expires >= 0 else {
            throw .incompleteSignature("X-Amz-Expires should be a number")
        }
        guard expires <= maxPresignedExpiry else {
            throw .incompleteSignature("X-Amz-Expires must be less than a week (in seconds) that is 604800")
        }
        if date.timeIntervalSince(now) > maxClockSkew {
            throw notYetCurrent(amzDate: amzDate, now: now)
        }
        if now.timeIntervalSince(date) > TimeInterval(expires) {
            throw .requestExpired
        }
        return SigV4Credential(
            accessKeyID: accessKeyID, scope: scope, signedHeaders: headers, signature: params["X-Amz-Signature"]!,
            securityToken: params["X-Amz-Security-Token"], requestDate: date, amzDate: amzDate,
            form: .presignedQuery(expires: expires))
    }

    // MARK: Shared checks

    private static func parseCredential(_ credential: String) throws(AWSServiceError) -> (String, CredentialScope) {
        let bytes = Array(credential.utf8)
        var slashes: [Int] = []
        slashes.reserveCapacity(4)
        for (i, b) in bytes.enumerated() where b == 0x2F { slashes.append(i) }
        guard slashes.count == 4 else {
            throw .incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'")
        }
        func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        guard bytes[(slashes[3] + 1)...].elementsEqual("aws4_request".utf8) else {
            throw .signatureDoesNotMatch(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '\(text(slashes[3] + 1, bytes.count))'.")
        }
        guard slashes[2] > slashes[1] + 1 else {
            throw .signatureDoesNotMatch("Credential should be scoped to a valid region, not ''. ")
        }
        return (
            text(0, slashes[0]),
            CredentialScope(
                date: text(slashes[0] + 1, slashes[1]), region: text(slashes[1] + 1, slashes[2]),
                service: text(slashes[2] + 1, slashes[3]))
        )
    }

    private static func parseSignedHeaders(_ text: String) throws(AWSServiceError) -> [String] {
        let bytes = Array(text.utf8)
        var names: [String] = []
        names.reserveCapacity(8)
        var hasHost = false
        var start = 0
        while start <= bytes.count {
            var end = start
            var upper = false
            while end < bytes.count, bytes[end] != 0x3B {
                if ASCII.isUpper(bytes[end]) { upper = true }
                end += 1
            }
            if end > start {
                var name = String(decoding: bytes[start..<end], as: UTF8.self)
                if upper { name = name.lowercased() }
                if name == "host" || name == ":authority" { hasHost = true }
                names.append(name)
            }
            start = end + 1
        }
        guard hasHost else {
            throw .incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        return names
    }

    private static func parseDate(amzDateHeader: String?, dateHeader: String?) throws(AWSServiceError) -> (Date, String) {
        if let amzDateHeader {
            guard let date = AWSTimestamp.parseAmzDate(amzDateHeader) else {
                throw .incompleteSignature(
                    "Date must be in ISO-8601 'basic format'. Got '\(amzDateHeader)'. See http://en.wikipedia.org/wiki/ISO_8601")
            }
            return (date, amzDateHeader)
        }
        guard let dateHeader, let date = AWSTimestamp.parseHTTPDate(dateHeader) else {
            throw .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '\(dateHeader ?? "")'.")
        }
        return (date, AWSTimestamp.amzDate(date))
    }

    private static func checkScopeDate(_ scope: CredentialScope, amzDate: String) throws(AWSServiceError) {
        guard !scope.date.utf8.elementsEqual(amzDate.utf8.prefix(8)) else { return }
        let day = String(amzDate.prefix(8))
        throw .signatureDoesNotMatch(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope.date)' != '\(day)', from '\(amzDate)'.")
    }

    private static func checkSkew(amzDate: String, date: Date, now: Date) throws(AWSServiceError) {
        if now.timeIntervalSince(date) > maxClockSkew {
            throw .signatureDoesNotMatch(
                "Signature expired: \(amzDate) is now earlier than \(AWSTimestamp.amzDate(now - maxClockSkew)) (\(AWSTimestamp.amzDate(now)) - 15 min.)")
        }
        if date.timeIntervalSince(now) > maxClockSkew {
            throw notYetCurrent(amzDate: amzDate, now: now)
        }
    }

    private static func notYetCurrent(amzDate: String, now: Date) -> AWSServiceError {
        .signatureDoesNotMatch(
            "Signature not yet current: \(amzDate) is still later than \(AWSTimestamp.amzDate(now + maxClockSkew)) (\(AWSTimestamp.amzDate(now)) + 15 min.)")
    }
}
