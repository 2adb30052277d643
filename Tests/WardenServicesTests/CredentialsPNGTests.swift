@testable import WardenServices
import Testing

@Suite struct PNGTests {
    struct Chunk {
        let type: String
        let data: [UInt8]
    }

    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Splits a PNG into chunks, checking the signature and every CRC.
    static func chunks(_ png: [UInt8]) -> [Chunk] {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var result: [Chunk] = []
        var offset = 8
        while offset < png.count {
            let length = Int(bigEndian(png[offset..<offset + 4]))
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            #expect(bigEndian(png[offset + 8 + length..<offset + 12 + length]) == CRC32.checksum(typeAndData))
            result.append(Chunk(type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        return result
    }

    /// Reads back a zlib stream of stored blocks, checking the Adler-32 trailer.
    static func inflateStored(_ stream: [UInt8]) -> [UInt8] {
        #expect(stream[0] == 0x78 && (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0)
        var output: [UInt8] = []
        var offset = 2
        var final = false
        while !final {
            final = stream[offset] & 1 == 1
            #expect(stream[offset] >> 1 == 0)  // BTYPE 00: stored.
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            #expect(length ^ complement == 0xFFFF)
            output += stream[offset + 5..<offset + 5 + length]
            offset += 5 + length
        }
        #expect(bigEndian(stream[offset..<offset + 4]) == Adler32.checksum(output))
        #expect(offset + 4 == stream.count)
        return output
    }

    @Test func knownChecksums() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func qrCodePNGRoundTrips() throws {
        let code = try QRCode(text: VirtualMFASeed.random().otpauthURI(deviceName: "alice", accountAliasOrID: "123456789012"))
        let scale = 4
        let png = code.pngData(scale: scale)
        let parsed = Self.chunks(png)
        #expect(parsed.map(\.type) == ["IHDR", "IDAT", "IEND"])
        let side = (code.size + 8) * scale
        #expect(Self.bigEndian(parsed[0].data[0..<4]) == UInt32(side))
        #expect(Self.bigEndian(parsed[0].data[4..<8]) == UInt32(side))
        #expect(Array(parsed[0].data[8...]) == [1, 0, 0, 0, 0])

        let raw = Self.inflateStored(parsed[1].data)
        let rowBytes = (side + 7) / 8
        #expect(raw.count == (rowBytes + 1) * side)
        func black(_ x: Int, _ y: Int) -> Bool {
            let row = raw[y * (rowBytes + 1) + 1..<(y + 1) * (rowBytes + 1)]
            return row[row.startIndex + x / 8] & (0x80 >> UInt8(x % 8)) == 0
        }
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - 4
                let my = y / scale - 4
                let expected = (0..<code.size).contains(mx) && (0..<code.size).contains(my) && code[mx, my]
                if black(x, y) != expected {
                    Issue.record("pixel \(x),\(y) wrong")
                    return
                }
            }
        }
    }

    @Test func largeImagesSpanSeveralStoredBlocks() {
        let png = PNG.encodeMonochrome(width: 1200, height: 500) { x, y in (x + y) % 3 == 0 }
        let raw = Self.inflateStored(Self.chunks(png)[1].data)
        #expect(raw.count == (150 + 1) * 500)
    }
}
