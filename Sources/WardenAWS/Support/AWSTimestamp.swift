public import Foundation

/// The timestamp formats the AWS protocols use, formatted and parsed by hand so they are
/// fast, locale-free and thread-safe (no shared `DateFormatter`).
public enum AWSTimestamp {
    /// Calendar fields of a UTC instant.
    struct Fields: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The UTC calendar fields of `date` (year, month, day, hour, minute, second), for writers that format
    /// timestamps themselves.
    public static func utcFields(of date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let f = fields(date)
        return (f.year, f.month, f.day, f.hour, f.minute, f.second)
    }

    static func fields(_ date: Date) -> Fields {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(year: year, month: month, day: day, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60)
    }

    /// Nil for fields no AWS timestamp has; the year bound also keeps the arithmetic from overflowing
    /// on a client's `Date: … 99999999999999 …`.
    static func date(_ f: Fields) -> Date? {
        guard (1...9999).contains(f.year), (1...12).contains(f.month), (1...31).contains(f.day), (0...23).contains(f.hour),
            (0...59).contains(f.minute), (0...60).contains(f.second)
        else { return nil }
        let d = days(year: f.year, month: f.month, day: f.day)
        return Date(timeIntervalSince1970: TimeInterval(d * 86_400 + f.hour * 3600 + f.minute * 60 + f.second))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// SigV4's basic ISO 8601 form, `20150830T123600Z`.
    public static func amzDate(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + pad(f.month, 2) + pad(f.day, 2) + "T" + pad(f.hour, 2) + pad(f.minute, 2) + pad(f.second, 2) + "Z"
    }

    /// Parses `20150830T123600Z`; nil when malformed.
    public static func parseAmzDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard ASCII.isDigit(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11), let mi = num(11..<13),
            let s = num(13..<15)
        else { return nil }
        return date(Fields(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }

    /// The Query protocol's ISO 8601 form, `2026-11-29T19:35:36Z`.
    public static func iso8601(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2) + "T" + pad(f.hour, 2) + ":" + pad(f.minute, 2)
            + ":" + pad(f.second, 2) + "Z"
    }

    /// Parses ISO 8601 as clients send it in Query parameters: `2026-11-29T19:35:36Z`,
    /// with optional fractional seconds and `Z` or `±hh:mm` offset. Nil when malformed.
    public static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            b[13] == 0x3A, b[16] == 0x3A
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard ASCII.isDigit(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
            let s = num(17..<19), var base = date(Fields(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
        else { return nil }
        var i = 19
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 0.1
            var fraction = 0.0
            let start = i
            while i < b.count, ASCII.isDigit(b[i]) {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
            base += fraction
        }
        if i == b.count { return base }  // no zone: UTC, as AWS assumes
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count ? base : nil }
        guard b[i] == 0x2B || b[i] == 0x2D, b.count == i + 6, b[i + 3] == 0x3A, let oh = num(i + 1..<i + 3),
            let om = num(i + 4..<i + 6)
        else { return nil }
        let offset = TimeInterval(oh * 3600 + om * 60)
        return b[i] == 0x2B ? base - offset : base + offset
    }

    /// Parses an RFC 1123 HTTP date, `Sun, 30 Aug 2015 12:36:00 GMT`; nil when malformed.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" || parts[5] == "UTC",
            let day = Int(parts[1]), let year = Int(parts[3])
        else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Int(time[2]) else { return nil }
        return date(Fields(year: year, month: monthIndex + 1, day: day, hour: h, minute: m, second: s))
    }
}
