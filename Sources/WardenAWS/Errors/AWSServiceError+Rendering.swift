import Foundation

extension AWSServiceError {
    /// Renders the error as the given protocol's SDKs parse it.
    ///
    /// - Query: `<ErrorResponse xmlns=…><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
    ///   (botocore's `QueryParser._do_error_parse` reads `Error` and `RequestId` from the root).
    /// - JSON 1.1: `{"__type": code, "Message": message, …extraMembers}`; botocore reads
    ///   `__type` and `message`/`Message`, and the request id from `x-amzn-RequestId`.
    public func response(for protocol: AWSProtocol, requestID: String) -> AWSHTTPResponse {
        switch `protocol` {
        case .query(_, _, let namespace):
            var xml = XMLWriter()
            xml.open("ErrorResponse", namespace: namespace)
            xml.element("Error") { xml in
                xml.element("Type", fault.rawValue)
                xml.element("Code", code)
                xml.element("Message", message)
            }
            xml.element("RequestId", requestID)
            xml.close("ErrorResponse")
            return AWSHTTPResponse(
                status: status,
                headers: [
                    .init(name: "x-amzn-RequestId", value: requestID),
                    .init(name: "Content-Type", value: `protocol`.contentType),
                ],
                body: xml.bytes)
        case .json11:
            var members = extraMembers
            members["__type"] = code
            members["Message"] = message
            let body = JSONWire.object(members)
            return AWSHTTPResponse(
                status: status,
                headers: [
                    .init(name: "x-amzn-RequestId", value: requestID),
                    .init(name: "Content-Type", value: `protocol`.contentType),
                ],
                body: body)
        }
    }
}

/// Tiny JSON helpers for error bodies (string members only), independent of `JSONEncoder`.
enum JSONWire {
    /// `{"k":"v",…}` with keys sorted, strings escaped per RFC 8259.
    static func object(_ members: [String: String]) -> [UInt8] {
        var out: [UInt8] = [0x7B]
        for (i, key) in members.keys.sorted().enumerated() {
            if i > 0 { out.append(0x2C) }
            string(key, into: &out)
            out.append(0x3A)
            string(members[key]!, into: &out)
        }
        out.append(0x7D)
        return out
    }

    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(0x22)
        for b in value.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x00..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(ASCII.hexDigits[Int(b >> 4)])
                out.append(ASCII.hexDigits[Int(b & 0x0F)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
