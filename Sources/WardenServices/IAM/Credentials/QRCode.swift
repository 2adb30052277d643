/// A QR Code symbol (ISO/IEC 18004) in byte mode, as CreateVirtualMFADevice's QRCodePNG needs.
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let errorCorrectionLevel: QRErrorCorrectionLevel
    public let mask: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// Row-major, `true` for dark modules, without the quiet zone.
    public let modules: [Bool]

    /// Encodes `bytes` in the smallest version that fits; picks the mask by the standard's penalty rules unless one is given.
    public init(
        bytes: [UInt8],
        errorCorrectionLevel: QRErrorCorrectionLevel = .medium,
        minimumVersion: Int = 1,
        maximumVersion: Int = 40,
        mask: Int? = nil
    ) throws(QRCodeError) {
        guard 1 <= minimumVersion, minimumVersion <= maximumVersion, maximumVersion <= 40 else {
            throw .invalidParameter("versions must satisfy 1 <= minimum <= maximum <= 40")
        }
        if let mask, !(0...7).contains(mask) { throw .invalidParameter("mask must be 0...7") }
        guard let version = (minimumVersion...maximumVersion).first(where: {
            QRCodeDataEncoding.fits(byteCount: bytes.count, version: $0, level: errorCorrectionLevel)
        }) else {
            throw .dataTooLong(byteCount: bytes.count, maximumVersion: maximumVersion)
        }
        let data = QRCodeDataEncoding.dataCodewords(bytes, version: version, level: errorCorrectionLevel)
        let codewords = QRCodeDataEncoding.interleaved(data, version: version, level: errorCorrectionLevel)
        var matrix = QRCodeMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        let chosenMask = mask ?? matrix.lowestPenaltyMask(level: errorCorrectionLevel)
        matrix.applyMask(chosenMask)
        matrix.drawFormatBits(level: errorCorrectionLevel, mask: chosenMask)
        self.version = version
        self.errorCorrectionLevel = errorCorrectionLevel
        self.mask = chosenMask
        self.size = matrix.size
        self.modules = matrix.modules
    }

    /// Encodes the UTF-8 bytes of `text`.
    public init(
        text: String,
        errorCorrectionLevel: QRErrorCorrectionLevel = .medium,
        mask: Int? = nil
    ) throws(QRCodeError) {
        try self.init(bytes: Array(text.utf8), errorCorrectionLevel: errorCorrectionLevel, mask: mask)
    }

    /// Whether the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }
}
