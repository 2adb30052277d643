import Foundation
import Logging
import Synchronization
import Testing
import WardenServer

/// `--log-format json`: every line is one JSON object a collector can read, whatever the message holds.
@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func eachEventIsOneJSONObjectOnOneLine() throws {
        let captured = Lines()
        var logger = Logger(label: "warden.test") { label in
            var handler = JSONLogHandler(label: label, output: captured.append)
            handler.logLevel = .debug
            return handler
        }
        logger[metadataKey: "warden.request_id"] = "r-1"
        logger.info("a \"quoted\"\nmessage\twith \u{1} control and ünïcode", metadata: ["warden.count": "\(3)", "list": ["a", "b"], "nested": ["k": "v"]])
        logger.debug("second")
        logger.trace("not logged: below the level")

        let lines = captured.all
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().firstIndex(of: "\n") == nil })
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "warden.test")
        #expect(first["message"] as? String == "a \"quoted\"\nmessage\twith \u{1} control and ünïcode")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["warden.request_id"] as? String == "r-1")
        #expect(metadata["warden.count"] as? String == "3")
        #expect(metadata["list"] as? [String] == ["a", "b"])
        #expect(metadata["nested"] as? [String: String] == ["k": "v"])
        let timestamp = try #require(first["timestamp"] as? String)
        #expect(try Date(timestamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)).timeIntervalSinceNow.magnitude < 60)

        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["message"] as? String == "second")
        #expect(second["level"] as? String == "debug")
    }
}
