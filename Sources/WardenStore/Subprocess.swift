import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a short-lived command to completion without blocking a Swift concurrency thread.
///
/// Spawned with `posix_spawn` and reaped with `waitpid` rather than Foundation's `Process`: `pg_ctl start`
/// leaves a daemonised postmaster behind, and `Process` only reports termination once every descendant has
/// let go of the descriptors it handed out. Output goes to a file rather than a pipe for the same reason.
struct Subprocess: Sendable {
    struct Result: Sendable {
        let status: Int32
        let output: String
    }

    let executable: String
    let arguments: [String]
    /// Variables added to ``baseEnvironment`` for this child only (a client tool's `PGPASSWORD`, never argv).
    var environment: [String: String] = [:]

    /// The environment every child gets.
    static let baseEnvironment = ["PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"]

    /// Runs the command, waits for it and returns its exit status and combined output.
    func run() async throws -> Result {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("warden-subprocess-\(UUID().uuidString).log").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Never Warden's own environment: it may hold WARDEN_MASTER_KEY or a root secret, and the postmaster
        // would keep it, readable in /proc by its user, for as long as it runs.
        let variables = (Self.baseEnvironment + self.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
        defer { variables.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, variables)
        guard spawned == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: executable, output: String(cString: strerror(spawned)))
        }
        let processID = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(processID, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: output)
    }
}
