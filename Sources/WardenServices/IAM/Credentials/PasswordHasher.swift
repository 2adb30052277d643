import CCrypt
import NIOPosix

/// Console password hashing through the system's libxcrypt, so no password algorithm is hand-written here.
/// Produces yescrypt (`$y$`), libxcrypt's preferred method, or bcrypt (`$2b$`, cost 12) where yescrypt is missing.
///
/// One hash takes about 16 MiB and tens of milliseconds of a core, so async code uses the `async` forms: they run
/// on NIO's blocking thread pool, at most ``concurrentHashes`` at once, and leave Swift's cooperative threads
/// (which serve every other request) free.
public struct PasswordHasher: Sendable {
    /// Hashes computed at once, server-wide: bounds the memory and the cores password calls can take.
    public static let concurrentHashes = 2
    private static let limit = AsyncSemaphore(permits: concurrentHashes)

    public init() {}

    /// Returns the full crypt string (method, parameters, salt and hash), suitable for storage as is.
    /// Computed off the cooperative threads; waits its turn behind the other hashes.
    public func hash(_ password: String) async throws -> String {
        try await Self.offloaded { () throws(PasswordHasherError) -> String in try self.hash(password) }
    }

    /// Whether `password` produces `hash`, computed off the cooperative threads; compares in constant time.
    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await Self.offloaded { self.verify(password, against: hash) }
    }

    /// Runs blocking work on NIO's thread pool, once a hashing permit is free.
    private static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await limit.withPermit { try await NIOThreadPool.singleton.runIfActive(work) }
    }

    /// Returns the full crypt string (method, parameters, salt and hash), suitable for storage as is.
    @available(*, noasync, message: "blocks its thread for tens of milliseconds: use the async form")
    public func hash(_ password: String) throws(PasswordHasherError) -> String {
        guard !password.utf8.contains(0) else { throw .passwordContainsNUL }
        let setting = try Self.generateSetting()
        guard let result = Self.crypt(password, setting: setting) else { throw .hashingFailed }
        return result
    }

    /// Whether `password` produces `hash`; compares without an early exit so timing reveals nothing.
    @available(*, noasync, message: "blocks its thread for tens of milliseconds: use the async form")
    public func verify(_ password: String, against hash: String) -> Bool {
        guard !password.utf8.contains(0), !hash.utf8.contains(0), !hash.isEmpty else { return false }
        guard let computed = Self.crypt(password, setting: hash) else { return false }
        return Self.constantTimeEquals(Array(computed.utf8), Array(hash.utf8))
    }

    private static func generateSetting() throws(PasswordHasherError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let count = Int32(buffer.count)
        // Null random bytes make libxcrypt draw from the OS CSPRNG; count 0 picks its default cost.
        if buffer.withUnsafeMutableBufferPointer({ crypt_gensalt_rn("$y$", 0, nil, 0, $0.baseAddress, count) }) != nil {
            return Self.string(from: buffer)
        }
        if buffer.withUnsafeMutableBufferPointer({ crypt_gensalt_rn("$2b$", 12, nil, 0, $0.baseAddress, count) }) != nil {
            return Self.string(from: buffer)
        }
        throw .saltGenerationFailed
    }

    /// Runs crypt_rn with a heap-allocated, zeroed `struct crypt_data` (about 32 KB, too big for the stack).
    private static func crypt(_ password: String, setting: String) -> String? {
        let size = Int(ccrypt_data_size())
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The work area holds password-derived state; wipe it before returning it to the allocator.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let output = crypt_rn(password, setting, data, Int32(size)) else { return nil }
        let result = String(cString: output)
        // libxcrypt signals some failures with a result starting with "*" rather than a null pointer.
        return result.hasPrefix("*") ? nil : result
    }

    private static func string(from buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
