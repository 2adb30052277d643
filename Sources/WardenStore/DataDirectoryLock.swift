import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a data directory, held while one Warden process uses its embedded cluster.
///
/// Without it a second `warden serve` would reuse the running cluster and the first one's shutdown would
/// stop it underneath, and a `warden migrate` would stop the cluster a running server depends on.
/// The kernel releases the lock when the process dies, so a crash never leaves it stale.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or fails at once, naming the process that holds it.
    init(dataDirectory: URL) throws(EmbeddedPostgresError) {
        let path = dataDirectory.appendingPathComponent("warden.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .commandFailed(command: "open \(path)", output: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(descriptor, &buffer, buffer.count)
            close(descriptor)
            let holder = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            throw .dataDirectoryInUse(path: dataDirectory.path, pid: holder)
        }
        ftruncate(descriptor, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
