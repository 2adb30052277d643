/// The `name=value` components of a query string or form body, walked in place: no array of slices and no
/// copy for a component that needs no decoding — the three readers of a request's query (SigV4's presigned
/// parameters, its canonical query, the Query protocol's parameters) each walk it once.
enum FormComponents {
    /// Calls `body` with the raw (still percent-encoded) name and value of every non-empty `&`-separated
    /// component; a component without `=` has an empty value.
    @inline(__always)
    static func forEach<E: Error>(
        in bytes: UnsafeBufferPointer<UInt8>,
        _ body: (_ name: Slice<UnsafeBufferPointer<UInt8>>, _ value: Slice<UnsafeBufferPointer<UInt8>>) throws(E) -> Void
    ) throws(E) {
        var start = 0
        let end = bytes.count
        while start < end {
            var stop = start
            var equals = -1
            while stop < end, bytes[stop] != 0x26 {
                if equals < 0, bytes[stop] == 0x3D { equals = stop }
                stop += 1
            }
            if stop > start {
                if equals < 0 {
                    try body(bytes[start..<stop], bytes[stop..<stop])
                } else {
                    try body(bytes[start..<equals], bytes[(equals + 1)..<stop])
                }
            }
            start = stop + 1
        }
    }

    /// Whether decoding `raw` and encoding it again as SigV4 does gives `raw` back: only unreserved bytes and
    /// upper-case escapes of bytes that must be escaped. Most clients send exactly that.
    @inline(__always)
    static func isCanonicallyEncoded(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            if PercentEncoding.isUnreserved(b) {
                i += 1
                continue
            }
            guard b == 0x25, i + 2 < raw.endIndex else { return false }
            let (h, l) = (raw[i + 1], raw[i + 2])
            guard let hi = upperHexValue(h), let lo = upperHexValue(l), !PercentEncoding.isUnreserved(hi << 4 | lo) else { return false }
            i += 3
        }
        return true
    }

    /// Whether `raw` decodes to itself (no `%` and, for forms, no `+`).
    @inline(__always)
    static func needsNoDecoding(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !raw.contains { $0 == 0x25 || $0 == 0x2B }
    }

    @inline(__always)
    private static func upperHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
