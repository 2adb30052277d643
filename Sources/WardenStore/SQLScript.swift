/// A migration file's SQL, split into the statements PostgreSQL's extended query protocol accepts one at a time.
///
/// PostgresNIO speaks only the extended protocol, which refuses several statements in one message, so a
/// migration is split here: on `;` outside quotes, quoted identifiers, dollar-quoted bodies and comments.
struct SQLScript: Sendable, Equatable {
    let statements: [String]

    init(_ source: String) {
        var statements: [String] = []
        var current: [UInt8] = []
        let bytes = Array(source.utf8)
        var index = 0

        func flush() {
            let text = String(decoding: current, as: UTF8.self).trimmingSQLWhitespace()
            if !text.isEmpty, !text.isOnlyComments() { statements.append(text) }
            current.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                current.append(contentsOf: bytes[index..<end])
                index = end
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                var depth = 0
                var cursor = index
                while cursor < bytes.count {
                    if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "/"), bytes[cursor + 1] == UInt8(ascii: "*") {
                        depth += 1
                        cursor += 2
                    } else if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "*"), bytes[cursor + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        cursor += 2
                        if depth == 0 { break }
                    } else {
                        cursor += 1
                    }
                }
                current.append(contentsOf: bytes[index..<cursor])
                index = cursor
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let backslashEscapes =
                    byte == UInt8(ascii: "'") && index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e")
                var cursor = index + 1
                while cursor < bytes.count {
                    if backslashEscapes, bytes[cursor] == UInt8(ascii: "\\") {
                        cursor += 2
                        continue
                    }
                    if bytes[cursor] == byte {
                        if cursor + 1 < bytes.count, bytes[cursor + 1] == byte {
                            cursor += 2
                            continue
                        }
                        cursor += 1
                        break
                    }
                    cursor += 1
                }
                cursor = min(cursor, bytes.count)
                current.append(contentsOf: bytes[index..<cursor])
                index = cursor
            case UInt8(ascii: "$"):
                if let tagEnd = Self.dollarTagEnd(bytes, from: index) {
                    let tag = bytes[index...tagEnd]
                    var cursor = tagEnd + 1
                    var closed = bytes.count
                    while cursor + tag.count <= bytes.count {
                        if bytes[cursor] == UInt8(ascii: "$"), bytes[cursor..<(cursor + tag.count)].elementsEqual(tag) {
                            closed = cursor + tag.count
                            break
                        }
                        cursor += 1
                    }
                    current.append(contentsOf: bytes[index..<closed])
                    index = closed
                } else {
                    current.append(byte)
                    index += 1
                }
            case UInt8(ascii: ";"):
                flush()
                index += 1
            default:
                current.append(byte)
                index += 1
            }
        }
        flush()
        self.statements = statements
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$` or `$tag$`), if there is one.
    private static func dollarTagEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        if start > 0 {
            let previous = bytes[start - 1]
            if previous.isIdentifierByte { return nil }
        }
        var cursor = start + 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "$") { return cursor }
            guard byte.isIdentifierByte, !(cursor == start + 1 && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else {
                return nil
            }
            cursor += 1
        }
        return nil
    }
}

extension UInt8 {
    fileprivate var isIdentifierByte: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "_") || self >= 0x80
    }
}

extension String {
    fileprivate func trimmingSQLWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// True when every non-blank line is a `--` comment, so the text is no statement at all.
    fileprivate func isOnlyComments() -> Bool {
        self.split(separator: "\n").allSatisfy { line in
            let trimmed = String(line).trimmingSQLWhitespace()
            return trimmed.isEmpty || trimmed.hasPrefix("--")
        }
    }
}
