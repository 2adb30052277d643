/// How much of a QR symbol is Reed–Solomon redundancy; higher levels survive more damage but hold less.
public enum QRErrorCorrectionLevel: Int, Sendable, CaseIterable {
    case low = 0, medium, quartile, high

    /// The two bits the format information carries for this level (ISO/IEC 18004 Table 12).
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}
