@testable import WardenServices
import Testing

@Suite struct VirtualMFASeedTests {
    @Test func randomSeedHasAWSShape() {
        let seed = VirtualMFASeed.random()
        #expect(seed.bytes.count == 40)
        #expect(seed.base32.count == 64)
        #expect(Base32.decode(seed.base32) == seed.bytes)
        #expect(VirtualMFASeed.random() != seed)
    }

    @Test func otpauthURIMatchesAWSLayout() {
        let seed = VirtualMFASeed(bytes: Array(repeating: 0, count: 40))
        let uri = seed.otpauthURI(deviceName: "alice+phone", accountAliasOrID: "123456789012")
        #expect(uri == "otpauth://totp/Amazon%20Web%20Services:alice%2Bphone@123456789012?secret="
            + String(repeating: "A", count: 64) + "&issuer=Amazon%20Web%20Services")
    }

    @Test func uriFitsInAQRCode() throws {
        let uri = VirtualMFASeed.random().otpauthURI(
            deviceName: String(repeating: "d", count: 64), accountAliasOrID: String(repeating: "a", count: 63))
        let code = try QRCode(text: uri)
        #expect(code.version <= 12)
    }
}
