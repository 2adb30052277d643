public import Foundation
public import WardenAWS

#if canImport(Glibc)
import Glibc
#endif

/// Where the master key comes from: `WARDEN_MASTER_KEY` (base64, 32 bytes), else `<data-dir>/master.key`,
/// created with mode 0600 on first start.
///
/// Replicas sharing one database must share one key: set `WARDEN_MASTER_KEY` on each of them.
public enum MasterKeyFile {
    /// The master key, opening also what was sealed under the keys of `openOnlyValue`
    /// (`WARDEN_OPEN_ONLY_MASTER_KEYS`: base64 keys separated by commas, during a master-key rotation).
    public static func load(environmentValue: String?, openOnlyValue: String? = nil, dataDirectory: URL) throws -> MasterKey {
        let key = try load(environmentValue: environmentValue, dataDirectory: dataDirectory)
        let openOnly = try (openOnlyValue ?? "").split(separator: ",").map { text in
            do {
                return try MasterKey(base64: String(text))
            } catch {
                throw ConfigurationError("WARDEN_OPEN_ONLY_MASTER_KEYS must be base64 32-byte keys separated by commas")
            }
        }
        return key.opening(also: openOnly)
    }

    static func load(environmentValue: String?, dataDirectory: URL) throws -> MasterKey {
        if let text = environmentValue, !text.isEmpty {
            do {
                return try MasterKey(base64: text)
            } catch {
                throw ConfigurationError("WARDEN_MASTER_KEY must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`)")
            }
        }
        let file = dataDirectory.appendingPathComponent("master.key")
        if let mode = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw ConfigurationError("\(file.path) is readable by other users (mode \(String(mode, radix: 8))): chmod 600 it")
        }
        if let data = FileManager.default.contents(atPath: file.path) {
            do {
                return try MasterKey(base64: String(decoding: data, as: UTF8.self))
            } catch {
                throw ConfigurationError("\(file.path) does not hold a base64 32-byte key")
            }
        }
        if !FileManager.default.fileExists(atPath: dataDirectory.path) {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let key = MasterKey.generate()
        try writeSecretFile(file, contents: key.base64 + "\n")
        return key
    }

    /// Writes a file readable by its owner only, created with that mode so it is never readable by others.
    ///
    /// Written whole to a temporary file, synced, then linked into place (which fails if the file exists),
    /// so a crash never leaves a half-written key behind.
    static func writeSecretFile(_ url: URL, contents: String) throws {
        let temporary = url.path + ".tmp-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(contents.utf8))
        try handle.synchronize()
        try handle.close()
        guard link(temporary, url.path) == 0 else {
            throw ConfigurationError("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

/// A configuration value Warden cannot use, and what to do about it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
