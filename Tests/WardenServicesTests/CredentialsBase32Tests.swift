@testable import WardenServices
import Testing

@Suite struct Base32Tests {
    /// RFC 4648 §10 test vectors, minus the padding we deliberately omit.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    @Test func encodesRFCVectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func decodesRFCVectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func decodeToleratesPaddingAndLowercase() {
        #expect(Base32.decode("MZXW6YQ=") == Array("foob".utf8))
        #expect(Base32.decode("mzxw6ytboi======") == Array("foobar".utf8))
    }

    @Test func decodeRejectsInvalidInput() {
        #expect(Base32.decode("MZ1W") == nil)
        #expect(Base32.decode("MZ W6") == nil)
        #expect(Base32.decode("M") == nil)  // A lone symbol cannot hold a whole byte.
        #expect(Base32.decode("MZ=XW") == nil)
    }

    @Test func roundTripsRandomBytes() {
        for length in 0..<50 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}
