/// The shared secret of a virtual MFA device, in the forms CreateVirtualMFADevice returns.
public struct VirtualMFASeed: Sendable, Equatable {
    /// AWS seeds are 40 bytes: Base32StringSeed is 64 characters long.
    public static let byteCount = 40
    /// The issuer authenticator apps display, as AWS sets it.
    public static let issuer = "Amazon Web Services"

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A fresh seed from the system CSPRNG.
    public static func random() -> VirtualMFASeed {
        var generator = SystemRandomNumberGenerator()
        return VirtualMFASeed(bytes: (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// What AWS returns as Base32StringSeed.
    public var base32: String { Base32.encode(bytes) }

    public var totp: TOTP { TOTP(secret: bytes) }

    /// The Key URI that AWS's QR code carries, labelled `issuer:device@account` so apps list it recognisably.
    public func otpauthURI(deviceName: String, accountAliasOrID: String) -> String {
        let issuer = Self.percentEncode(Self.issuer)
        let label = issuer + ":" + Self.percentEncode(deviceName) + "@" + Self.percentEncode(accountAliasOrID)
        return "otpauth://totp/\(label)?secret=\(base32)&issuer=\(issuer)"
    }

    /// RFC 3986 encoding of everything outside the unreserved set; spaces become %20, never `+`.
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                output.unicodeScalars.append("%")
                output.unicodeScalars.append(hex[Int(byte >> 4)])
                output.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return output
    }
}
