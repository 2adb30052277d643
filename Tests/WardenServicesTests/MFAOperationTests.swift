import Foundation
import Synchronization
import Testing
import WardenServices
import WardenTestSupport

/// A clock the test moves by hand.
final class MFATestClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date = Date()) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct MFAOperationTests {
    /// Creates a device and returns its serial number and TOTP.
    static func device(_ warden: WardenHarness, _ name: String) async throws -> (String, TOTP) {
        let created = await warden.call("CreateVirtualMFADevice", ["VirtualMFADeviceName": name])
        #expect(created.status == 200, "\(created)")
        let serial = try #require(created.value("SerialNumber"))
        let encoded = try #require(created.value("Base32StringSeed"))
        let seedData = try #require(Data(base64Encoded: encoded))
        let base32 = String(decoding: seedData, as: UTF8.self)
        #expect(base32.count == 64)
        let pngText = try #require(created.value("QRCodePNG"))
        let png = try #require(Data(base64Encoded: pngText))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let secret = try #require(Base32.decode(base32))
        return (serial, TOTP(secret: secret))
    }

    @Test func enableWithTwoConsecutiveCodesNeverTwice() async throws {
        let clock = MFATestClock()
        try await WardenHarness.with(clock: { clock.now }) { warden in
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            let (serial, totp) = try await Self.device(warden, "alice-phone")
            #expect(serial == "arn:aws:iam::111122223333:mfa/alice-phone")
            let step = totp.counter(at: clock.now)
            let wrongOrder = await warden.call("EnableMFADevice", [
                "UserName": "alice", "SerialNumber": serial,
                "AuthenticationCode1": totp.code(counter: step), "AuthenticationCode2": totp.code(counter: step - 1),
            ])
            #expect(wrongOrder.status == 403)
            #expect(wrongOrder.errorCode == "InvalidAuthenticationCode")
            #expect(wrongOrder.errorMessage == "Authentication code for device is not valid.")
            let stale = await warden.call("EnableMFADevice", [
                "UserName": "alice", "SerialNumber": serial,
                "AuthenticationCode1": totp.code(counter: step - 100), "AuthenticationCode2": totp.code(counter: step - 99),
            ])
            #expect(stale.errorCode == "InvalidAuthenticationCode")
            let codes = ["AuthenticationCode1": totp.code(counter: step - 1), "AuthenticationCode2": totp.code(counter: step)]
            let enabled = await warden.call("EnableMFADevice", codes.merging(["UserName": "alice", "SerialNumber": serial]) { $1 })
            #expect(enabled.status == 200, "\(enabled)")
            let listed = await warden.call("ListMFADevices", ["UserName": "alice"])
            #expect(listed.values("SerialNumber") == [serial])
            let assigned = await warden.call("ListVirtualMFADevices", ["AssignmentStatus": "Assigned"])
            #expect(assigned.values("SerialNumber") == [serial])
            #expect(assigned.value("UserName") == "alice")
            #expect(await warden.call("ListVirtualMFADevices", ["AssignmentStatus": "Unassigned"]).values("SerialNumber").isEmpty)
            // the same codes again, a little later: replay refused
            clock.advance(5)
            let replay = await warden.call("ResyncMFADevice", codes.merging(["UserName": "alice", "SerialNumber": serial]) { $1 })
            #expect(replay.errorCode == "InvalidAuthenticationCode")
            clock.advance(60)
            let next = totp.counter(at: clock.now)
            let resync = await warden.call("ResyncMFADevice", [
                "UserName": "alice", "SerialNumber": serial,
                "AuthenticationCode1": totp.code(counter: next), "AuthenticationCode2": totp.code(counter: next + 1),
            ])
            #expect(resync.status == 200, "\(resync)")
            let inUse = await warden.call("DeleteVirtualMFADevice", ["SerialNumber": serial])
            #expect(inUse.status == 409)
            #expect(inUse.errorCode == "DeleteConflict")
            #expect(await warden.call("DeactivateMFADevice", ["UserName": "alice", "SerialNumber": serial]).status == 200)
            #expect(await warden.call("DeactivateMFADevice", ["UserName": "alice", "SerialNumber": serial]).errorCode == "NoSuchEntity")
            #expect(await warden.call("DeleteVirtualMFADevice", ["SerialNumber": serial]).status == 200)
            #expect(await warden.call("DeleteVirtualMFADevice", ["SerialNumber": serial]).errorCode == "NoSuchEntity")
        }
    }

    @Test func namesAreUniqueAndDevicesTaggable() async throws {
        try await WardenHarness.with { warden in
            let (serial, _) = try await Self.device(warden, "token")
            let again = await warden.call("CreateVirtualMFADevice", ["VirtualMFADeviceName": "TOKEN"])
            #expect(again.errorCode == "EntityAlreadyExists")
            #expect(await warden.call("TagMFADevice", ["SerialNumber": serial, "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"]).status == 200)
            #expect(await warden.call("ListMFADeviceTags", ["SerialNumber": serial]).value("Value") == "v")
            #expect(await warden.call("UntagMFADevice", ["SerialNumber": serial, "TagKeys.member.1": "k"]).status == 200)
            #expect(await warden.call("ListMFADeviceTags", ["SerialNumber": serial]).values("Key").isEmpty)
            let any = await warden.call("ListVirtualMFADevices")
            #expect(any.values("SerialNumber") == [serial])
            #expect(any.value("Base32StringSeed") == nil)
        }
    }
}
