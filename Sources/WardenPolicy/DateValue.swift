/// Parses condition dates as IAM accepts them: ISO 8601 (`2026-06-02`, `2026-06-02T07:36:39Z`,
/// with fractional seconds or a `±hh:mm` offset) or epoch seconds. Result: seconds since 1970.
enum DateValue {
    static func parse(_ text: String) -> Double? {
        withUTF8(text) { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !b.isEmpty else { return nil }
        // Epoch seconds (optionally negative / fractional).
        if b.count < 10 || b[4] != UInt8(ascii: "-") {
            var index = 0
            var negative = false
            if b[0] == UInt8(ascii: "-") { negative = true; index = 1 }
            var value = 0.0
            var digits = 0
            while index < b.count, isDigit(b[index]) {
                value = value * 10 + Double(b[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < b.count, b[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 0.1
                while index < b.count, isDigit(b[index]) {
                    value += Double(b[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
            }
            guard index == b.count else { return nil }
            return negative ? -value : value
        }
        var index = 0
        guard let year = number(b, &index, 4), expect(b, &index, UInt8(ascii: "-")),
              let month = number(b, &index, 2), expect(b, &index, UInt8(ascii: "-")),
              let day = number(b, &index, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if index == b.count { return seconds }
        guard b[index] == UInt8(ascii: "T") || b[index] == UInt8(ascii: "t") || b[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let hour = number(b, &index, 2), expect(b, &index, UInt8(ascii: ":")), let minute = number(b, &index, 2),
              hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(b, &index, UInt8(ascii: ":")) {
            guard let second = number(b, &index, 2), second <= 60 else { return nil }
            seconds += Double(second)
            if index < b.count, b[index] == UInt8(ascii: ".") || b[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                var digits = 0
                while index < b.count, isDigit(b[index]) {
                    seconds += Double(b[index] - 0x30) * scale
                    scale /= 10
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        if index == b.count { return seconds } // no zone: taken as UTC
        if expect(b, &index, UInt8(ascii: "Z")) || expect(b, &index, UInt8(ascii: "z")) { return index == b.count ? seconds : nil }
        guard index < b.count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") else { return nil }
        let sign: Double = b[index] == UInt8(ascii: "+") ? 1 : -1
        index += 1
        guard let offsetHours = number(b, &index, 2) else { return nil }
        _ = expect(b, &index, UInt8(ascii: ":"))
        let offsetMinutes = number(b, &index, 2) ?? 0
        guard index == b.count else { return nil }
        return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
    }

    @inline(__always)
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ count: Int) -> Int? {
        guard index + count <= b.count else { return nil }
        var value = 0
        for _ in 0..<count {
            guard isDigit(b[index]) else { return nil }
            value = value * 10 + Int(b[index] - 0x30)
            index += 1
        }
        return value
    }

    @inline(__always)
    private static func expect(_ b: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ byte: UInt8) -> Bool {
        guard index < b.count, b[index] == byte else { return false }
        index += 1
        return true
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// Parses numeric condition values (integers and decimals) without Foundation.
enum NumericValue {
    static func parse(_ text: String) -> Double? {
        // Fast path: [-]digits[.digits], no allocation.
        let simple: Double? = withUTF8(text) { bytes in
            var index = 0
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            var value = 0.0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 15 {
                value = value * 10 + Double(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var fraction = 0.0
                var scale = 1.0
                var fractionDigits = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, fractionDigits < 15 {
                    fraction = fraction * 10 + Double(bytes[index] - 0x30)
                    scale *= 10
                    fractionDigits += 1
                    index += 1
                }
                guard fractionDigits > 0 else { return nil }
                value += fraction / scale
            }
            guard index == bytes.count else { return nil }
            return negative ? -value : value
        }
        if let simple { return simple }
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) else {
            return nil
        }
        return Double(text)
    }
}
