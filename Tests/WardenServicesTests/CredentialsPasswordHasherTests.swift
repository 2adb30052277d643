@testable import WardenServices
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test func roundTrips() throws {
        let hash = try hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$y$") || hash.hasPrefix("$2b$"))
        #expect(hasher.verify("correct horse battery staple", against: hash))
    }

    @Test func wrongPasswordFails() throws {
        let hash = try hasher.hash("S3cret!pass")
        #expect(!hasher.verify("S3cret!pasS", against: hash))
        #expect(!hasher.verify("", against: hash))
        #expect(!hasher.verify("S3cret!pass\u{0}", against: hash))
    }

    @Test func hashesAreSalted() throws {
        #expect(try hasher.hash("same password") != hasher.hash("same password"))
    }

    @Test func refusesNUL() {
        #expect(throws: PasswordHasherError.passwordContainsNUL) { try hasher.hash("abc\u{0}def") }
    }

    @Test func garbageHashNeverVerifies() {
        #expect(!hasher.verify("x", against: ""))
        #expect(!hasher.verify("x", against: "*0"))
        #expect(!hasher.verify("x", against: "$y$garbage"))
    }

    @Test func handlesUnicode() throws {
        let hash = try hasher.hash("pässwörd🔑")
        #expect(hasher.verify("pässwörd🔑", against: hash))
        #expect(!hasher.verify("passwörd🔑", against: hash))
    }
}
