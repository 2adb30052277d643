import Foundation

/// Why a backup could not be written or restored; each says what to do about it.
public enum DatabaseBackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case toolsNotFound
    case dumpFailed(output: String)
    case restoreFailed(output: String)
    case unreadableBackup(path: String, output: String)
    case notAWardenBackup(path: String)
    case databaseNotEmpty(tables: Int)
    case backupNewerThanWarden(backup: Int, known: Int)
    case databaseNewerThanBackup(database: Int, backup: Int)
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case .toolsNotFound:
            "pg_dump and pg_restore not found on PATH or under /usr/lib/postgresql/*/bin: install PostgreSQL's client programs of the server's version (apt-get install postgresql-client-15)"
        case .dumpFailed(let output):
            "pg_dump failed, nothing was written: \(output)"
        case .restoreFailed(let output):
            "pg_restore failed and was rolled back, the database is as it was: \(output)"
        case .unreadableBackup(let path, let output):
            "\(path) is not a backup pg_restore can read (made by `warden backup`?): \(output)"
        case .notAWardenBackup(let path):
            "\(path) holds no Warden schema (no schema_migrations table): it was not made by `warden backup`"
        case .databaseNotEmpty(let tables):
            "the database is not empty (\(tables) tables): pass --replace to drop Warden's tables and restore over them"
        case .backupNewerThanWarden(let backup, let known):
            "the backup is at migration \(Self.version(backup)), newer than this Warden knows (\(Self.version(known))): restore it with the Warden version that made it, or a newer one"
        case .databaseNewerThanBackup(let database, let backup):
            "the database is at migration \(Self.version(database)), newer than the backup (\(Self.version(backup))): --replace would leave the newer migrations' tables behind; restore into an empty database instead (a new --data-dir, or a new database for --database-url)"
        case .fileSystem(let path, let reason):
            "\(path): \(reason)"
        }
    }

    static func version(_ version: Int) -> String { String(format: "%04d", version) }
}
