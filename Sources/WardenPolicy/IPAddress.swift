/// An IPv4 or IPv6 address as 128 bits, parsed by hand so evaluation does no allocation.
struct IPAddress: Sendable, Hashable {
    var high: UInt64
    var low: UInt64
    var isV4: Bool

    init?(_ text: String) {
        guard let parsed = withUTF8(text, { IPAddress.parse($0[...]) }) else { return nil }
        self = parsed
    }

    init(high: UInt64, low: UInt64, isV4: Bool) {
        self.high = high
        self.low = low
        self.isV4 = isV4
    }

    static func parse(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> IPAddress? {
        if bytes.contains(UInt8(ascii: ":")) {
            return parseV6(bytes)
        }
        guard let v4 = parseV4(bytes) else { return nil }
        return IPAddress(high: 0, low: UInt64(v4), isV4: true)
    }

    static func parseV4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var parts = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                result = result << 8 | octet
                parts += 1
                octet = 0
                digits = 0
            } else if byte >= 0x30, byte <= 0x39 {
                octet = octet * 10 + UInt32(byte - 0x30)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return result << 8 | octet
    }

    static func parseV6(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> IPAddress? {
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        var gapIndex: Int?
        var index = bytes.startIndex
        let end = bytes.endIndex
        if index < end, bytes[index] == UInt8(ascii: ":") {
            guard index + 1 < end, bytes[index + 1] == UInt8(ascii: ":") else { return nil }
            gapIndex = 0
            index += 2
        }
        while index < end {
            // An embedded IPv4 tail (::ffff:1.2.3.4).
            var lookahead = index
            var sawDot = false
            while lookahead < end, bytes[lookahead] != UInt8(ascii: ":") {
                if bytes[lookahead] == UInt8(ascii: ".") { sawDot = true }
                lookahead += 1
            }
            if sawDot {
                guard lookahead == end, let v4 = parseV4(bytes[index..<end]) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                index = end
                break
            }
            var value: UInt32 = 0
            var digits = 0
            while index < end, bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
                digits += 1
                guard digits <= 4 else { return nil }
                index += 1
            }
            guard digits > 0 else { return nil }
            groups.append(UInt16(value))
            if index < end {
                index += 1 // ':'
                if index < end, bytes[index] == UInt8(ascii: ":") {
                    guard gapIndex == nil else { return nil }
                    gapIndex = groups.count
                    index += 1
                } else if index == end {
                    return nil
                }
            }
        }
        if let gapIndex {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gapIndex)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(groups[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(groups[i]) }
        return IPAddress(high: high, low: low, isV4: false)
    }
}

/// A CIDR block such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is a /32 or /128.
struct CIDRBlock: Sendable, Hashable {
    let network: IPAddress
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
        let maximum = address.isV4 ? 32 : 128
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        network = address
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.isV4 == network.isV4 else { return false }
        if network.isV4 {
            guard prefixLength > 0 else { return true }
            let mask: UInt64 = (0xFFFF_FFFF << UInt64(32 - prefixLength)) & 0xFFFF_FFFF
            return (address.low & mask) == (network.low & mask)
        }
        if prefixLength <= 64 {
            guard prefixLength > 0 else { return true }
            let mask: UInt64 = prefixLength == 64 ? ~0 : ~(~0 >> UInt64(prefixLength))
            return (address.high & mask) == (network.high & mask)
        }
        guard address.high == network.high else { return false }
        let bits = prefixLength - 64
        let mask: UInt64 = bits == 64 ? ~0 : ~(~0 >> UInt64(bits))
        return (address.low & mask) == (network.low & mask)
    }
}
