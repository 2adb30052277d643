import Foundation
import Testing
import WardenAWS
@testable import WardenServices

/// The CloudTrail document writer: what it writes parses back to what it was given, whatever the bytes.
@Suite struct AuditDocumentTests {
    @Test(arguments: ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "nul \u{0} and bell \u{7}", "é ✓ 🔐", ""])
    func stringsRoundTrip(_ value: String) throws {
        var json = JSONText()
        json.beginObject()
        json.string("value", value)
        json.beginArray("list")
        json.string(nil, value)
        json.endArray()
        json.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["value"] as? String == value)
        #expect((object["list"] as? [String]) == [value])
    }

    @Test(arguments: [0.0, 951_782_400.0, 1_764_557_628.9, 4_102_444_799.0])
    func timestampsAreAWSs(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        var json = JSONText()
        json.beginObject()
        json.timestamp("t", date)
        json.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["t"] as? String == AWSTimestamp.iso8601(date))
    }
}
