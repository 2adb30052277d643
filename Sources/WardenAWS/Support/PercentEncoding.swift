/// RFC 3986 percent-encoding as SigV4 and the Query protocol use it.
///
/// SigV4 encodes every byte except the unreserved set `A-Z a-z 0-9 - _ . ~`, with
/// uppercase hex, and never encodes a space as `+`.
enum PercentEncoding {
    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        ASCII.isAlphanumeric(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    /// Appends the RFC 3986 encoding of `bytes`; `/` is kept when `keepSlash` is set.
    static func encode(_ bytes: some Sequence<UInt8>, keepSlash: Bool = false, into out: inout [UInt8]) {
        for b in bytes {
            if isUnreserved(b) || (keepSlash && b == 0x2F) {
                out.append(b)
            } else {
                out.append(0x25)
                out.append(ASCII.upperHexDigits[Int(b >> 4)])
                out.append(ASCII.upperHexDigits[Int(b & 0x0F)])
            }
        }
    }

    /// The RFC 3986 encoding of a string.
    static func encode(_ string: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        encode(string.utf8, keepSlash: keepSlash, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`); nil when an escape is malformed.
    static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0x25 {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex else { return nil }
                let l = bytes.index(after: h)
                guard l != bytes.endIndex, let hi = ASCII.hexValue(bytes[h]), let lo = ASCII.hexValue(bytes[l]) else {
                    return nil
                }
                out.append(hi << 4 | lo)
                i = bytes.index(after: l)
            } else {
                out.append(plusAsSpace && b == 0x2B ? 0x20 : b)
                i = bytes.index(after: i)
            }
        }
        return out
    }

    /// Decodes what it can: a malformed escape is kept literally (SigV4 then re-encodes the `%`).
    static func decodeLeniently(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let decoded = decode(bytes, plusAsSpace: false) { return decoded }
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0x25 {
                let h = bytes.index(after: i)
                if h != bytes.endIndex {
                    let l = bytes.index(after: h)
                    if l != bytes.endIndex, let hi = ASCII.hexValue(bytes[h]), let lo = ASCII.hexValue(bytes[l]) {
                        out.append(hi << 4 | lo)
                        i = bytes.index(after: l)
                        continue
                    }
                }
            }
            out.append(b)
            i = bytes.index(after: i)
        }
        return out
    }
}
