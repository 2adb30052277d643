import Foundation
import WardenAWS

/// Writes a JSON object member by member, in the order given: the CloudTrail document is built this way
/// (no reflection, no intermediate dictionary), so recording a call costs little on a busy server.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject(_ key: String? = nil) { open(key, UInt8(ascii: "{")) }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray(_ key: String? = nil) { open(key, UInt8(ascii: "[")) }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        member(key)
        bytes.append(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma.removeLast()
    }

    /// A string member; nothing is written for nil.
    mutating func string(_ key: String?, _ value: String?) {
        guard let value else { return }
        member(key)
        quoted(value)
    }

    /// A time as ISO 8601 in UTC with seconds (`2026-12-01T02:13:48Z`), written digit by digit.
    mutating func timestamp(_ key: String, _ date: Date) {
        member(key)
        let f = AWSTimestamp.utcFields(of: date)
        bytes.append(UInt8(ascii: "\""))
        digits(f.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(f.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(f.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(f.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(f.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(f.second, 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    mutating func bool(_ key: String?, _ value: Bool) {
        member(key)
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func null(_ key: String) {
        member(key)
        bytes.append(contentsOf: Array("null".utf8))
    }

    /// A member whose value is JSON text already (`requestParameters` as encoded).
    mutating func raw(_ key: String, _ json: [UInt8]) {
        member(key)
        bytes.append(contentsOf: json)
    }

    private mutating func member(_ key: String?) {
        if let last = needsComma.indices.last {
            if needsComma[last] { bytes.append(UInt8(ascii: ",")) }
            needsComma[last] = true
        }
        if let key {
            quoted(key)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escape: copied whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
