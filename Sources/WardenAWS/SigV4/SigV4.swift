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
        let trimmed = header.trimmingSpaces()
        let space = trimmed.firstIndex(of: " ")
        let algorithm = space.map { String(trimmed[..<$0]) } ?? trimmed
        guard algorithm == Self.algorithm else {
            throw .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'.")
        }
        var credential: String?
        var signedHeaders: String?
        var signature: String?
        if let space {
            for component in trimmed[trimmed.index(after: space)...].split(separator: ",") {
                let part = component.trimmingSpaces()
                guard let eq = part.firstIndex(of: "=") else { continue }
                let name = part[..<eq]
                let value = String(part[part.index(after: eq)...])
                switch name {
                case "Credential": credential = value
                case "SignedHeaders": signedHeaders = value
                case "Signature": signature = value
                default: break
                }
            }
        }
        let amzDateHeader = request.header("X-Amz-Date")
        let dateHeader = request.header("Date")
        var missing: [String] = []
        if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
        if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
        if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
        if amzDateHeader == nil && dateHeader == nil {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard missing.isEmpty, let credential, let signedHeaders, let signature else {
            throw .incompleteSignature(missing.joined(separator: " ") + " Authorization=" + trimmed)
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
        for pair in query.utf8.split(separator: 0x26) {
            let eq = pair.firstIndex(of: 0x3D)
            let rawName = eq.map { pair[..<$0] } ?? pair[...]
            let rawValue = eq.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            let name = String(decoding: PercentEncoding.decodeLeniently(rawName), as: UTF8.self)
            guard name.hasPrefix("X-Amz-") else { continue }
            params[name] = String(decoding: PercentEncoding.decodeLeniently(rawValue), as: UTF8.self)
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
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5 else {
            throw .incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'")
        }
        guard parts[4] == "aws4_request" else {
            throw .signatureDoesNotMatch(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '\(parts[4])'.")
        }
        guard !parts[2].isEmpty else {
            throw .signatureDoesNotMatch("Credential should be scoped to a valid region, not ''. ")
        }
        return (String(parts[0]), CredentialScope(date: String(parts[1]), region: String(parts[2]), service: String(parts[3])))
    }

    private static func parseSignedHeaders(_ text: String) throws(AWSServiceError) -> [String] {
        let names = text.split(separator: ";").map { String($0).lowercased() }
        guard names.contains("host") || names.contains(":authority") else {
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
        let day = String(amzDate.prefix(8))
        guard scope.date == day else {
            throw .signatureDoesNotMatch(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope.date)' != '\(day)', from '\(amzDate)'.")
        }
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

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let u = Array(self.utf8)
        var start = 0
        var end = u.count
        while start < end, ASCII.isWhitespace(u[start]) { start += 1 }
        while end > start, ASCII.isWhitespace(u[end - 1]) { end -= 1 }
        return String(decoding: u[start..<end], as: UTF8.self)
    }
}
