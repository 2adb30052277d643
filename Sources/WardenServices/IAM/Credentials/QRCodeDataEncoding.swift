/// Turns payload bytes into the final codeword sequence: segment, padding, error correction, interleaving.
enum QRCodeDataEncoding {
    static func fits(byteCount: Int, version: Int, level: QRErrorCorrectionLevel) -> Bool {
        let needed = 4 + QRCodeTables.byteModeCountBits(version: version) + 8 * byteCount
        return byteCount < (1 << QRCodeTables.byteModeCountBits(version: version))
            && needed <= QRCodeTables.dataCodewords(version: version, level: level) * 8
    }

    /// One byte-mode segment, terminator, bit padding and the alternating 0xEC/0x11 pad codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int, level: QRErrorCorrectionLevel) -> [UInt8] {
        let capacityBits = QRCodeTables.dataCodewords(version: version, level: level) * 8
        var bits: [Bool] = []
        bits.reserveCapacity(capacityBits)
        func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, count: 4)
        append(bytes.count, count: QRCodeTables.byteModeCountBits(version: version))
        for byte in bytes { append(Int(byte), count: 8) }
        append(0, count: min(4, capacityBits - bits.count))
        append(0, count: (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacityBits {
            append(pad, count: 8)
            pad ^= 0xEC ^ 0x11
        }
        return stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
    }

    /// Splits data into blocks, appends each block's ECC and interleaves column by column.
    static func interleaved(_ data: [UInt8], version: Int, level: QRErrorCorrectionLevel) -> [UInt8] {
        let blockCount = QRCodeTables.errorCorrectionBlocks[level.rawValue][version]
        let eccLength = QRCodeTables.eccCodewordsPerBlock[level.rawValue][version]
        let rawCodewords = QRCodeTables.rawDataModules(version: version) / 8
        let shortBlockCount = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)

        var blocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let dataLength = shortBlockLength - eccLength + (index < shortBlockCount ? 0 : 1)
            let blockData = data[start..<start + dataLength]
            start += dataLength
            // Short blocks get a placeholder so every block has the same length; it is skipped below.
            var block = Array(blockData)
            if index < shortBlockCount { block.append(0) }
            block += ReedSolomon.remainder(of: blockData, divisor: divisor)
            blocks.append(block)
        }

        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in 0..<blocks[0].count {
            for (index, block) in blocks.enumerated()
            where column != shortBlockLength - eccLength || index >= shortBlockCount {
                result.append(block[column])
            }
        }
        return result
    }
}
