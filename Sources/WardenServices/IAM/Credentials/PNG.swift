/// Minimal PNG writer for 1-bit grayscale images, uncompressed (zlib stored blocks) so no deflate is needed.
public enum PNG {
    /// Encodes rows of pixels (`true` = black) of equal width.
    public static func encodeMonochrome(width: Int, height: Int, isBlack: (Int, Int) -> Bool) -> [UInt8] {
        precondition(width > 0 && height > 0, "PNG dimensions must be positive")
        let rowBytes = (width + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * height)
        for y in 0..<height {
            raw.append(0)  // Filter type None.
            var row = [UInt8](repeating: 0xFF, count: rowBytes)  // 1 is white in 1-bit grayscale.
            for x in 0..<width where isBlack(x, y) {
                row[x >> 3] &= ~(0x80 >> UInt8(x & 7))
            }
            raw += row
        }

        var header: [UInt8] = []
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        header += [1, 0, 0, 0, 0]  // Bit depth 1, grayscale, deflate, adaptive filtering, no interlace.

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", zlibStored(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// A zlib stream of stored deflate blocks (each at most 65535 bytes).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let length = min(65535, data.count - start)
            let isFinal = start + length == data.count
            output.append(isFinal ? 1 : 0)
            output += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            output += data[start..<start + length]
            start += length
        } while start < data.count
        appendBigEndian(Adler32.checksum(data), to: &output)
        return output
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count), to: &png)
        png += typeBytes
        png += data
        appendBigEndian(CRC32.checksum(typeBytes + data), to: &png)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
