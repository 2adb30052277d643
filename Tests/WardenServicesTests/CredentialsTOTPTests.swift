@testable import WardenServices
import Foundation
import Testing

@Suite struct TOTPTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    /// RFC 6238 Appendix B, SHA1 column.
    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfc6238Vectors(time: Double, expected: String) {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == expected)
    }

    /// RFC 4226 Appendix D: HOTP values for counters 0...9, six digits.
    @Test func rfc4226Vectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314",
                        "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Self.rfcSecret)
        for (counter, code) in expected.enumerated() {
            #expect(totp.code(counter: UInt64(counter)) == code)
        }
    }

    @Test func counterUsesThirtySecondSteps() {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 60)) == 2)
        #expect(totp.counter(at: Date(timeIntervalSince1970: -5)) == 0)
    }

    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let totp = VirtualMFASeed(bytes: Array(0..<40)).totp
    static var nowCounter: UInt64 { totp.counter(at: now) }

    @Test func enableAcceptsTwoConsecutiveCodes() {
        let c = Self.nowCounter - 1
        let matched = Self.totp.verifyConsecutive(Self.totp.code(counter: c), Self.totp.code(counter: c + 1), at: Self.now)
        #expect(matched == c + 1)
    }

    @Test func resyncNeverAcceptsAStepAlreadyUsed() {
        let c = Self.nowCounter - 1
        let codes = (Self.totp.code(counter: c), Self.totp.code(counter: c + 1))
        #expect(Self.totp.verifyConsecutive(codes.0, codes.1, at: Self.now, after: c) == nil)
        #expect(Self.totp.verifyConsecutive(codes.0, codes.1, at: Self.now, after: c - 1) == c + 1)
    }

    @Test func enableToleratesClockDriftWithinWindow() {
        for c in [Self.nowCounter - 10, Self.nowCounter + 9] {
            let matched = Self.totp.verifyConsecutive(Self.totp.code(counter: c), Self.totp.code(counter: c + 1), at: Self.now)
            #expect(matched == c + 1)
        }
    }

    @Test func enableRefusesStaleOrNonConsecutiveCodes() {
        let stale = Self.nowCounter - 20
        #expect(Self.totp.verifyConsecutive(
            Self.totp.code(counter: stale), Self.totp.code(counter: stale + 1), at: Self.now) == nil)
        let c = Self.nowCounter
        #expect(Self.totp.verifyConsecutive(Self.totp.code(counter: c), Self.totp.code(counter: c + 2), at: Self.now) == nil)
        #expect(Self.totp.verifyConsecutive(Self.totp.code(counter: c + 1), Self.totp.code(counter: c), at: Self.now) == nil)
    }

    @Test func signInAcceptsCurrentStepAndNeighbours() {
        for offset: Int64 in [-1, 0, 1] {
            let c = UInt64(Int64(Self.nowCounter) + offset)
            #expect(Self.totp.verify(code: Self.totp.code(counter: c), at: Self.now) == c)
        }
        #expect(Self.totp.verify(code: Self.totp.code(counter: Self.nowCounter - 2), at: Self.now) == nil)
        #expect(Self.totp.verify(code: Self.totp.code(counter: Self.nowCounter + 2), at: Self.now) == nil)
    }

    @Test func signInRefusesReplayedCode() {
        let code = Self.totp.code(at: Self.now)
        let used = Self.totp.verify(code: code, at: Self.now, lastUsedCounter: nil)
        #expect(used == Self.nowCounter)
        #expect(Self.totp.verify(code: code, at: Self.now, lastUsedCounter: used) == nil)
        // An older, still-in-window code is refused once a later step has been used.
        let previous = Self.totp.code(counter: Self.nowCounter - 1)
        #expect(Self.totp.verify(code: previous, at: Self.now, lastUsedCounter: used) == nil)
        // The next step is still accepted.
        let next = Self.totp.code(counter: Self.nowCounter + 1)
        #expect(Self.totp.verify(code: next, at: Self.now.addingTimeInterval(30), lastUsedCounter: used) == Self.nowCounter + 1)
    }

    @Test func signInAfterEnableRefusesTheEnableCodes() {
        let c = Self.nowCounter - 1
        let enabled = Self.totp.verifyConsecutive(Self.totp.code(counter: c), Self.totp.code(counter: c + 1), at: Self.now)
        #expect(Self.totp.verify(code: Self.totp.code(counter: c + 1), at: Self.now, lastUsedCounter: enabled) == nil)
    }

    @Test func rejectsMalformedCodes() {
        #expect(Self.totp.verify(code: "", at: Self.now) == nil)
        #expect(Self.totp.verify(code: "12345", at: Self.now) == nil)
        #expect(Self.totp.verify(code: "abcdef", at: Self.now) == nil)
    }
}
