public import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A data directory that lives as long as one process: an emulator's, made in the temporary directory and
/// removed when the process ends.
///
/// A process killed with SIGKILL cannot remove its directory or stop its cluster; the next one to start
/// does: ``make(logger:)`` sweeps abandoned directories (no process holds their lock) first.
public struct ThrowawayDataDirectory: Sendable {
    public static let prefix = "warden-emulate-"

    public let url: URL

    /// Makes a new directory (mode 0711: the cluster's system user must reach into it when Warden runs as
    /// root) after sweeping those left by killed emulators.
    public static func make(in parent: URL = FileManager.default.temporaryDirectory, logger: Logger) async throws -> ThrowawayDataDirectory {
        await sweep(parent, logger: logger)
        var template = Array(parent.appendingPathComponent(prefix + "XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else {
            throw EmbeddedPostgresError.commandFailed(command: "mkdtemp \(parent.path)", output: String(cString: strerror(errno)))
        }
        let path = String(cString: made)
        chmod(path, 0o711)
        return ThrowawayDataDirectory(url: URL(fileURLWithPath: path))
    }

    /// Removes the directory and all it holds.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Stops the cluster and removes the directory of every emulator that died without doing so: older than
    /// a minute (one just made has not taken its lock yet) and its lock free.
    static func sweep(_ parent: URL, logger: Logger) async {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let directory = parent.appendingPathComponent(name)
            guard let created = (try? manager.attributesOfItem(atPath: directory.path))?[.modificationDate] as? Date,
                created < Date().addingTimeInterval(-60),
                manager.fileExists(atPath: directory.appendingPathComponent("warden.lock").path),
                let lock = try? DataDirectoryLock(dataDirectory: directory)
            else { continue }
            let cluster = EmbeddedPostgres(dataDirectory: directory, logger: logger)
            if cluster.isRunning { try? await cluster.stop() }
            withExtendedLifetime(lock) { try? manager.removeItem(at: directory) }
            logger.info("removed an abandoned emulator data directory", metadata: ["warden.data_dir": "\(directory.path)"])
        }
    }
}
