public import Foundation
import Crypto

/// RFC 6238 time-based one-time passwords (HMAC-SHA1), the algorithm virtual MFA devices run.
public struct TOTP: Sendable, Equatable {
    public let secret: [UInt8]
    public let digits: Int
    /// Seconds per time step.
    public let period: UInt64

    public init(secret: [UInt8], digits: Int = 6, period: UInt64 = 30) {
        precondition((1...9).contains(digits), "TOTP digits must be 1...9")
        precondition(period > 0, "TOTP period must be positive")
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// The time step containing `date`; times before 1970 clamp to step 0.
    public func counter(at date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970
        guard seconds > 0 else { return 0 }
        // Far beyond any real clock; clamping keeps the conversion from trapping and leaves room for +window.
        guard seconds < 1e15 else { return UInt64(1e15) / period }
        return UInt64(seconds) / period
    }

    public func code(at date: Date) -> String {
        code(counter: counter(at: date))
    }

    /// RFC 4226 HOTP for one counter value, zero-padded to `digits`.
    public func code(counter: UInt64) -> String {
        var message = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 {
            message[index] = UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * index))
        }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated = (UInt32(mac[offset] & 0x7F) << 24)
            | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(truncated % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }
}
