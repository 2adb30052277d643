/// AWS request ids: a random (version 4) UUID in lowercase, e.g. `7a62c49f-347e-4fc4-9331-6e8eEXAMPLE`.
public enum RequestID {
    /// A new request id from the system CSPRNG.
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = ASCII.hex(bytes)
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-"
            + String(h[20..<32])
    }
}
