/// AWS request ids: a random (version 4) UUID in lowercase, e.g. `7a62c49f-347e-4fc4-9331-6e8eEXAMPLE`.
public enum RequestID {
    static let digits = Array("0123456789abcdef".utf8)

    /// A new request id from the system CSPRNG (two reads of 64 bits: one system call each).
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        var high = rng.next() as UInt64
        var low = rng.next() as UInt64
        high = high & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000  // version 4
        low = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            // 8-4-4-4-12 hex digits over the 32 nibbles of (high, low).
            for position in 0..<32 {
                if position == 8 || position == 12 || position == 16 || position == 20 {
                    buffer[index] = UInt8(ascii: "-")
                    index += 1
                }
                let word = position < 16 ? high : low
                let shift = UInt64(60 - 4 * (position % 16))
                buffer[index] = digits[Int((word >> shift) & 0xF)]
                index += 1
            }
            return index
        }
    }
}
