@testable import WardenServices
import Foundation
import Testing

@Suite struct QRCodeTests {
    static func level(_ name: Substring) -> QRErrorCorrectionLevel {
        switch name {
        case "L": .low
        case "M": .medium
        case "Q": .quartile
        default: .high
        }
    }

    static func bytes(hex: Substring) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { x in code[x, y] ? "1" : "0" }) }
    }

    @Test(arguments: qrCodeFixtures)
    func matchesReferenceEncoder(fixture: QRCodeFixture) throws {
        let code = try QRCode(
            bytes: Self.bytes(hex: Substring(fixture.dataHex)),
            errorCorrectionLevel: Self.level(Substring(fixture.level)),
            mask: fixture.mask
        )
        #expect(code.version == fixture.version)
        #expect(Self.rows(code) == fixture.rows)
    }

    /// Development only: QR_DEV_FIXTURES=/tmp/qr_dev.txt from `Scripts/qr_fixtures.py dev`.
    @Test func matchesReferenceEncoderDevelopmentSet() throws {
        guard let path = ProcessInfo.processInfo.environment["QR_DEV_FIXTURES"] else { return }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var index = 0
        var cases = 0
        var autoMaskDifferences: [String] = []
        var automaticMasks: [Int] = []
        while index < lines.count {
            let header = lines[index].split(separator: " ")
            let level = Self.level(header[0])
            let version = Int(header[1])!
            let mask = Int(header[2])!
            let data = Self.bytes(hex: header.count > 4 ? header[4] : "")
            let size = version * 4 + 17
            let expected = lines[(index + 1)...(index + size)].map(String.init)
            index += size + 1
            let code = try QRCode(bytes: data, errorCorrectionLevel: level, mask: mask)
            #expect(code.version == version, "version for \(header[0]) \(data.count) bytes")
            #expect(Self.rows(code) == expected, "matrix for \(header[0]) v\(version) mask \(mask)")
            let automatic = try QRCode(bytes: data, errorCorrectionLevel: level)
            automaticMasks.append(automatic.mask)
            if automatic.mask != Int(header[3])! {
                autoMaskDifferences.append("\(header[0]) v\(version): ours \(automatic.mask), python \(header[3])")
            }
            cases += 1
        }
        print("QR development set: \(cases) cases; automatic mask differs from python-qrcode in \(autoMaskDifferences.count): \(autoMaskDifferences)")
        print("QR development set automatic masks: \(automaticMasks.map(String.init).joined(separator: ","))")
    }

    @Test func picksSmallestVersion() throws {
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 14), errorCorrectionLevel: .medium).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 15), errorCorrectionLevel: .medium).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 2331), errorCorrectionLevel: .medium).version == 40)
    }

    @Test func refusesOversizedDataAndBadParameters() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2332, maximumVersion: 40)) {
            try QRCode(bytes: Array(repeating: 0x41, count: 2332), errorCorrectionLevel: .medium)
        }
        #expect(throws: QRCodeError.self) { try QRCode(text: "x", mask: 8) }
    }

    @Test func automaticMaskIsTheLowestPenalty() throws {
        let text = "otpauth://totp/Amazon%20Web%20Services:bob@111122223333?secret=ABC&issuer=Amazon%20Web%20Services"
        let chosen = try QRCode(text: text)
        for mask in 0..<8 {
            let other = try QRCode(text: text, mask: mask)
            #expect(Self.penalty(chosen) <= Self.penalty(other))
            #expect(other.mask == mask)
        }
    }

    static func penalty(_ code: QRCode) -> Int {
        QRCodePenalty.score(size: code.size, modules: code.modules)
    }
}

extension QRCodeTests {
    /// Development only: QR_PNG_OUT=/tmp/mfa.png writes a sample QRCodePNG for external tools to inspect.
    @Test func writeSamplePNG() throws {
        guard let path = ProcessInfo.processInfo.environment["QR_PNG_OUT"] else { return }
        let seed = VirtualMFASeed(bytes: Array(0..<40))
        let uri = seed.otpauthURI(deviceName: "alice-phone", accountAliasOrID: "123456789012")
        try Data(QRCode(text: uri).pngData()).write(to: URL(fileURLWithPath: path))
        try Data(uri.utf8).write(to: URL(fileURLWithPath: path + ".txt"))
    }
}
