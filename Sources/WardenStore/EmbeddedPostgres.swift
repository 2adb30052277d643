public import Foundation
public import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster inside Warden's data directory, run with the system's own server programs.
///
/// It listens on a Unix socket inside the data directory and on no TCP port, is reused by the next start, and
/// recovers from a crash that left a stale `postmaster.pid`. PostgreSQL refuses to run as root, so when Warden
/// runs as root the cluster runs as the unprivileged system user `postgres` (created if missing).
public struct EmbeddedPostgres: Sendable {
    /// How the cluster trades durability for speed.
    public enum Durability: Sendable {
        /// Every commit reaches the disk: the default for data that matters.
        case durable
        /// `fsync` off: for throwaway test clusters only.
        case ephemeral
    }

    /// The database Warden's data lives in.
    public static let databaseName = "warden"
    /// The cluster's superuser, which Warden connects as over the private socket.
    public static let superuser = "warden"

    public let dataDirectory: URL
    public let durability: Durability
    /// Where a freshly initialized cluster is kept for the next new one to copy instead of running `initdb`
    /// (a throwaway emulator starts in about half the time); nil: always `initdb`.
    public let templateDirectory: URL?
    let logger: Logger

    public init(dataDirectory: URL, durability: Durability = .durable, templateDirectory: URL? = nil, logger: Logger) {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.durability = durability
        self.templateDirectory = templateDirectory?.standardizedFileURL
        self.logger = logger
    }

    /// The cluster's files (`PGDATA`).
    public var clusterDirectory: URL { dataDirectory.appendingPathComponent("postgres") }
    /// The directory holding the cluster's Unix socket.
    public var socketDirectory: URL { dataDirectory.appendingPathComponent("run") }
    /// The socket Warden connects to.
    public var socketPath: String { socketDirectory.appendingPathComponent(".s.PGSQL.5432").path }
    /// The server's log file.
    public var logFile: URL { clusterDirectory.appendingPathComponent("server.log") }

    /// How to reach a database of this cluster over its socket.
    public func endpoint(database: String = EmbeddedPostgres.databaseName) -> DatabaseEndpoint {
        DatabaseEndpoint(location: .unixSocket(path: socketPath), username: Self.superuser, database: database)
    }

    /// The system user the cluster runs as when Warden is root; nil when it runs as Warden's own user.
    var clusterUser: String? { geteuid() == 0 ? "postgres" : nil }

    /// Starts the cluster, creating it on first use, and makes sure Warden's database exists.
    ///
    /// A cluster that is already running is reused; a stale `postmaster.pid` left by a crash is removed first.
    public func start() async throws {
        let binaries = try PostgresBinaries.locate()
        guard socketPath.utf8.count <= 107 else { throw EmbeddedPostgresError.socketPathTooLong(socketPath) }
        try await prepareDirectories()

        if !FileManager.default.fileExists(atPath: clusterDirectory.appendingPathComponent("PG_VERSION").path) {
            let template = template(for: binaries)
            if let template, FileManager.default.fileExists(atPath: template.appendingPathComponent("PG_VERSION").path) {
                try await copy(template, to: clusterDirectory)
            } else {
                try await initialize(binaries)
                if let template { await saveTemplate(template) }
            }
        }
        if isRunning {
            logger.info("reusing running embedded PostgreSQL", metadata: ["warden.data_dir": "\(dataDirectory.path)"])
        } else {
            try ensureSettings()
            removeStalePostmasterPID()
            try await startServer(binaries)
        }
        do {
            try await createWardenDatabase()
        } catch {
            try? await stop()
            throw error
        }
    }

    /// Starts the cluster again after its postmaster died (PostgreSQL's crash recovery replays the WAL), never
    /// creating one: a cluster whose files are gone is an error, not an empty database.
    /// - Throws: ``EmbeddedPostgresError/clusterMissing(path:)``, or why `pg_ctl start` failed.
    public func restart() async throws {
        let binaries = try PostgresBinaries.locate()
        guard FileManager.default.fileExists(atPath: clusterDirectory.appendingPathComponent("PG_VERSION").path) else {
            throw EmbeddedPostgresError.clusterMissing(path: clusterDirectory.path)
        }
        if isRunning { return }
        try ensureSettings()
        removeStalePostmasterPID()
        try await startServer(binaries)
    }

    /// Locks the data directory, starts the cluster, runs `body` with the endpoint of Warden's database, and
    /// stops the cluster again however `body` ends.
    ///
    /// - Throws: ``EmbeddedPostgresError/dataDirectoryInUse(path:pid:)`` when another Warden process holds
    ///   the data directory; otherwise what starting, `body` or stopping throws.
    public func withRunning<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseEndpoint) async throws -> Result
    ) async throws -> Result {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let result: Result
        do {
            try await start()
            result = try await body(endpoint())
        } catch {
            try? await stop()
            throw error
        }
        try await stop()
        return result
    }

    /// Stops the cluster with a fast shutdown (open sessions are rolled back), if it is running.
    public func stop() async throws {
        let binaries = try PostgresBinaries.locate()
        guard isRunning else { return }
        let result = try await runAsClusterUser(binaries.pgCtl, ["-D", clusterDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"])
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "pg_ctl stop", output: result.output.lastLines(5))
        }
        logger.info("stopped embedded PostgreSQL", metadata: ["warden.data_dir": "\(dataDirectory.path)"])
    }

    /// The PID in `postmaster.pid`, if the file exists.
    public func postmasterPID() -> Int32? {
        guard let text = try? String(contentsOf: clusterDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return nil }
        return Int32(line.trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Steps

    private func prepareDirectories() async throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: dataDirectory.path) {
            try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        for directory in [clusterDirectory, socketDirectory] where !manager.fileExists(atPath: directory.path) {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        guard let user = clusterUser else { return }
        try await ensureSystemUser(user)
        // The cluster user must be able to traverse the data directory, not read it.
        let mode = (try manager.attributesOfItem(atPath: dataDirectory.path)[.posixPermissions] as? Int) ?? 0o700
        if mode & 0o001 == 0 {
            try manager.setAttributes([.posixPermissions: mode | 0o011], ofItemAtPath: dataDirectory.path)
        }
        guard let account = Self.systemAccount(user) else {
            throw EmbeddedPostgresError.commandFailed(command: "getpwnam_r \(user)", output: "no such user")
        }
        for directory in [clusterDirectory, socketDirectory] {
            guard chown(directory.path, account.uid, account.gid) == 0 else {
                throw EmbeddedPostgresError.commandFailed(command: "chown \(directory.path)", output: String(cString: strerror(errno)))
            }
        }
        // Every directory above the data directory must let others through (x) for the cluster user to reach it.
        var ancestor = dataDirectory.deletingLastPathComponent()
        while ancestor.path != "/" {
            let attributes = try manager.attributesOfItem(atPath: ancestor.path)
            let ancestorMode = (attributes[.posixPermissions] as? Int) ?? 0
            let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
            if ancestorMode & 0o001 == 0 && owner != account.uid {
                throw EmbeddedPostgresError.unreachableByClusterUser(user: user, path: ancestor.path)
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
    }

    /// The user's ids, read with the re-entrant `getpwnam_r` (clusters may start concurrently).
    static func systemAccount(_ user: String) -> (uid: uid_t, gid: gid_t)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(user, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }

    private func ensureSystemUser(_ user: String) async throws {
        guard Self.systemAccount(user) == nil else { return }
        let result = try await Subprocess(
            executable: "/usr/sbin/useradd",
            arguments: ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", user]
        ).run()
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "useradd \(user)", output: result.output.lastLines(3))
        }
    }

    private func initialize(_ binaries: PostgresBinaries) async throws {
        logger.info("creating embedded PostgreSQL cluster", metadata: ["warden.data_dir": "\(clusterDirectory.path)"])
        // Local (socket) connections only: the socket lives in a 0700 directory of the cluster's user.
        var arguments = [
            "-D", clusterDirectory.path, "-U", Self.superuser, "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--no-locale",
        ]
        if durability == .ephemeral { arguments.append("--no-sync") }
        let result = try await runAsClusterUser(binaries.initdb, arguments)
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "initdb", output: result.output.lastLines(5))
        }
    }

    /// The template of clusters `initdb` would make here: one per server build (the program's path and
    /// modification time) and durability, so an upgraded PostgreSQL never starts a copy of an older cluster.
    func template(for binaries: PostgresBinaries) -> URL? {
        guard let templateDirectory else { return nil }
        let modified = (try? FileManager.default.attributesOfItem(atPath: binaries.initdb)[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(binaries.initdb) \(modified) \(durability) \(Self.superuser) \(clusterUser ?? "")".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return templateDirectory.appendingPathComponent("cluster-" + String(hash, radix: 16))
    }

    /// Copies a cluster directory's files, owners and modes kept (`cp -a`).
    private func copy(_ source: URL, to destination: URL) async throws {
        let result = try await Subprocess(executable: "/bin/cp", arguments: ["-a", source.path + "/.", destination.path]).run()
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "cp -a \(source.path)", output: result.output.lastLines(3))
        }
        logger.info("copied the embedded PostgreSQL cluster from its template", metadata: ["warden.template": "\(source.path)"])
    }

    /// Keeps a copy of the cluster `initdb` just made, before Warden's settings are added: written beside the
    /// template and renamed into place, so a concurrent start never copies half a template. Best effort: a
    /// template that cannot be kept only means the next start runs `initdb` again.
    private func saveTemplate(_ template: URL) async {
        let manager = FileManager.default
        let partial = template.deletingLastPathComponent().appendingPathComponent(".\(template.lastPathComponent)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try manager.createDirectory(at: partial, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try await copy(clusterDirectory, to: partial)
            if rename(partial.path, template.path) != 0 { try? manager.removeItem(at: partial) }
        } catch {
            try? manager.removeItem(at: partial)
            logger.debug("could not keep a cluster template", metadata: ["warden.error": "\(error)"])
        }
    }

    static let settingsMarker = "# Written by Warden: a private cluster reachable only through its own socket directory."

    /// Appends Warden's settings to `postgresql.conf` unless they are there: checked at every start, so a
    /// crash between `initdb` and the first write can never leave the cluster on PostgreSQL's defaults.
    private func ensureSettings() throws {
        let file = clusterDirectory.appendingPathComponent("postgresql.conf")
        let current = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard !current.contains(Self.settingsMarker) else { return }
        var settings = """

            \(Self.settingsMarker)
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path)'
            unix_socket_permissions = 0700
            max_connections = 200

            """
        if durability == .ephemeral {
            // Test clusters serve many parallel tests, each with a pool and a listener of its own.
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 1500\n"
        }
        let configuration = try FileHandle(forWritingTo: file)
        defer { try? configuration.close() }
        try configuration.seekToEnd()
        try configuration.write(contentsOf: Data(settings.utf8))
        try configuration.synchronize()
    }

    /// Whether the postmaster named in `postmaster.pid` is alive.
    ///
    /// Decided here rather than by `pg_ctl status`, which takes a zombie (a postmaster killed while re-parented
    /// to an init that does not reap, as in containers) or an unrelated process that reused the PID for a
    /// running server.
    public var isRunning: Bool {
        guard let pid = postmasterPID() else { return false }
        return isPostgresProcess(pid)
    }

    /// Whether `pid` is a live postmaster of this cluster: a postgres process, not a zombie, whose working
    /// directory is this cluster (a PID reused after a reboot by another cluster's postmaster is not ours).
    func isPostgresProcess(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return false }
        let command = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].drop(while: { $0 == " " }).first
        guard command.hasPrefix("postgres"), state != "Z", state != "X" else { return false }
        guard let directory = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return true }
        return URL(fileURLWithPath: directory).standardizedFileURL.path == clusterDirectory.standardizedFileURL.path
    }

    /// Removes a `postmaster.pid` whose process is gone (or is no longer a postgres process) after a crash.
    private func removeStalePostmasterPID() {
        guard let pid = postmasterPID() else { return }
        if !isPostgresProcess(pid) {
            logger.warning("removing stale postmaster.pid left by a crash", metadata: ["warden.stale_pid": "\(pid)"])
            try? FileManager.default.removeItem(at: clusterDirectory.appendingPathComponent("postmaster.pid"))
            try? FileManager.default.removeItem(atPath: socketPath + ".lock")
        }
    }

    private func startServer(_ binaries: PostgresBinaries) async throws {
        var lastOutput = ""
        // A killed postmaster's children can hold its shared memory for a moment: retry briefly.
        for attempt in 1...5 {
            let result = try await runAsClusterUser(
                binaries.pgCtl,
                ["-D", clusterDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start"]
            )
            if result.status == 0 {
                logger.info("started embedded PostgreSQL", metadata: ["warden.socket": "\(socketPath)"])
                return
            }
            lastOutput = result.output.lastLines(3) + " " + ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").lastLines(5)
            logger.debug("embedded PostgreSQL did not start", metadata: ["warden.attempt": "\(attempt)"])
            try await Task.sleep(for: .milliseconds(500 * attempt))
        }
        throw EmbeddedPostgresError.commandFailed(command: "pg_ctl start", output: lastOutput)
    }

    private func createWardenDatabase() async throws {
        try await endpoint(database: "postgres").withConnection(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)",
                logger: logger
            )
            for try await _ in rows { return }
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.databaseName)"), logger: logger)
        }
    }

    /// Runs a server program as the cluster user: `setpriv`, which needs no PAM session (unlike `runuser`
    /// or `su`) and so cannot fail for reasons of the host's login configuration.
    private func runAsClusterUser(_ executable: String, _ arguments: [String]) async throws -> Subprocess.Result {
        if let user = clusterUser {
            return try await Subprocess(
                executable: "/usr/bin/setpriv",
                arguments: ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", executable] + arguments
            ).run()
        }
        return try await Subprocess(executable: executable, arguments: arguments).run()
    }
}

extension String {
    func lastLines(_ count: Int) -> String {
        split(separator: "\n").suffix(count).joined(separator: " | ")
    }
}
