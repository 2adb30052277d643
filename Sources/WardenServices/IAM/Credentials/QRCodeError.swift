/// Why a QR symbol could not be built.
public enum QRCodeError: Error, Sendable, Equatable {
    /// The data exceeds the capacity of the largest allowed version at the requested level.
    case dataTooLong(byteCount: Int, maximumVersion: Int)
    /// A version outside 1...40 or a mask outside 0...7 was requested.
    case invalidParameter(String)
}
