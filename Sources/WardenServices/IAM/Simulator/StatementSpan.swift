/// Where each statement of a policy document starts and ends, as the simulator reports them
/// (`StartPosition`/`EndPosition`: 1-based line and column).
///
/// A light scan of the JSON text that tracks only strings and nesting; the document was already parsed
/// and validated, so it only has to find the `Statement` element and the objects inside it.
struct StatementSpan: Sendable, Hashable {
    struct Position: Sendable, Hashable {
        let line: Int
        let column: Int
    }

    let start: Position
    let end: Position

    /// The spans of the statements of `document`, in order (one for a single statement object).
    static func spans(in document: String) -> [StatementSpan] {
        let bytes = Array(document.utf8)
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
        func position(_ offset: Int) -> Position {
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return Position(line: low + 1, column: offset - lineStarts[low] + 1)
        }
        guard let valueStart = statementValue(bytes) else { return [] }
        var spans: [StatementSpan] = []
        var depth = 0
        var objectStart = 0
        var index = valueStart
        let topIsArray = bytes[valueStart] == UInt8(ascii: "[")
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index = skipString(bytes, index)
                continue
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                if byte == UInt8(ascii: "{"), depth == (topIsArray ? 1 : 0) { objectStart = index }
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if byte == UInt8(ascii: "}"), depth == (topIsArray ? 1 : 0) {
                    spans.append(StatementSpan(start: position(objectStart), end: position(index + 1)))
                }
                if depth == 0 { break }
            }
            index += 1
        }
        return spans
    }

    /// The offset of the value of the top-level `"Statement"` member.
    private static func statementValue(_ bytes: [UInt8]) -> Int? {
        var depth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = skipString(bytes, index)
                if depth == 1, String(decoding: bytes[(index + 1)..<max(index + 1, end - 1)], as: UTF8.self) == "Statement" {
                    var value = end
                    while value < bytes.count, bytes[value] != UInt8(ascii: "{"), bytes[value] != UInt8(ascii: "[") { value += 1 }
                    return value < bytes.count ? value : nil
                }
                index = end
                continue
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
            index += 1
        }
        return nil
    }

    /// The offset just past the string starting at `start` (a quote).
    private static func skipString(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return index
    }
}
