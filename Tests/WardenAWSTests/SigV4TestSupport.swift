import Foundation
@testable import WardenAWS

/// Helpers for the SigV4 tests: AWS's sample credentials and a parser for the test suite's
/// raw `.sreq` request text.
enum SigV4Fixtures {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    /// 2015-08-30T12:36:00Z, the test suite's clock.
    static let suiteDate = AWSTimestamp.parseAmzDate("20150830T123600Z")!

    /// Parses `METHOD target HTTP/1.1`, header lines `Name:value`, a blank line, then the body.
    static func request(_ raw: String) -> AWSHTTPRequest {
        var lines = raw.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let rest = requestLine.dropFirst(method.count + 1)
        let target = String(rest.dropLast(" HTTP/1.1".count))
        var headers: [(String, String)] = []
        var body = ""
        var inBody = false
        for line in lines {
            if inBody {
                body += body.isEmpty ? line : "\n" + line
            } else if line.isEmpty {
                inBody = true
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return AWSHTTPRequest(method: method, target: target, headers: headers, body: body)
    }
}
