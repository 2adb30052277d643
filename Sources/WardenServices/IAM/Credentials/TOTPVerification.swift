public import Foundation

extension TOTP {
    /// Steps either side of now searched when enabling a device, so a drifted clock still pairs (as AWS's resync does).
    public static let enableWindow: UInt64 = 10

    /// Checks the two consecutive codes EnableMFADevice and ResyncMFADevice require.
    /// Returns the counter of `code2`, the last step consumed, to store as the replay floor; steps at or
    /// before `lastUsedCounter` are never accepted again.
    public func verifyConsecutive(
        _ code1: String,
        _ code2: String,
        at date: Date,
        window: UInt64 = TOTP.enableWindow,
        after lastUsedCounter: UInt64? = nil
    ) -> UInt64? {
        let now = counter(at: date)
        let lower = now >= window ? now - window : 0
        let upper = min(now, UInt64.max / 2) + window
        for candidate in lower...upper
        where lastUsedCounter.map({ candidate > $0 }) ?? true
            && Self.constantTimeEquals(code(counter: candidate), code1)
            && Self.constantTimeEquals(code(counter: candidate + 1), code2) {
            return candidate + 1
        }
        return nil
    }

    /// Checks a sign-in or session code: the current step ±1, never a step at or before the last one used.
    /// Returns the matched counter so the caller can store it as the new `lastUsedCounter`.
    public func verify(code: String, at date: Date, lastUsedCounter: UInt64? = nil) -> UInt64? {
        let now = counter(at: date)
        let candidates = [now == 0 ? nil : now - 1, now, now + 1].compactMap { $0 }
        for candidate in candidates {
            if let lastUsedCounter, candidate <= lastUsedCounter { continue }
            if Self.constantTimeEquals(self.code(counter: candidate), code) { return candidate }
        }
        return nil
    }

    /// Compares without an early exit so response timing does not reveal matching digits.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
