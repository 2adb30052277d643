/// Why the embedded PostgreSQL cluster could not be started or stopped; each says what to do about it.
public enum EmbeddedPostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    case binariesNotFound
    case socketPathTooLong(String)
    case unreachableByClusterUser(user: String, path: String)
    case commandFailed(command: String, output: String)
    case dataDirectoryInUse(path: String, pid: String)
    /// The cluster's files are gone (the data directory was deleted or replaced): restarting would make an
    /// empty database, so it is not restarted.
    case clusterMissing(path: String)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "PostgreSQL server programs (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin: install the 'postgresql' package (apt-get install postgresql), or pass --database-url"
        case .socketPathTooLong(let path):
            "the embedded PostgreSQL socket path \(path) is longer than the 107 bytes Unix sockets allow: choose a shorter --data-dir"
        case .unreachableByClusterUser(let user, let path):
            "the embedded PostgreSQL runs as the system user '\(user)', which cannot reach \(path): choose a --data-dir that user can traverse (not under /root)"
        case .dataDirectoryInUse(let path, let pid):
            "another Warden process (pid \(pid)) is using the data directory \(path): stop it first, or give this one its own --data-dir"
        case .clusterMissing(let path):
            "the embedded PostgreSQL cluster in \(path) is gone (no PG_VERSION): it is not re-created, which would start an empty database; restore the data directory from a backup (warden restore) and start Warden again"
        case .commandFailed(let command, let output):
            "\(command) failed: \(output)"
        }
    }
}
