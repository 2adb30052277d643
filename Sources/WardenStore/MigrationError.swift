/// Why the schema could not be brought up to date; each case names the file to look at.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case directoryUnreadable(path: String)
    case badFileName(String)
    case duplicateVersion(Int, String, String)
    /// An applied migration's file no longer has the checksum recorded when it was applied.
    case checksumMismatch(fileName: String, recorded: String, actual: String)
    /// The database has a migration applied that these files do not have: it was migrated by a newer Warden.
    case unknownAppliedMigration(String)
    /// A statement of the migration failed; nothing of that migration was kept.
    case failed(fileName: String, statement: Int, reason: String)

    public var description: String {
        switch self {
        case .directoryUnreadable(let path):
            "cannot read migrations at \(path): set WARDEN_MIGRATIONS_DIR to the db/migrations directory"
        case .badFileName(let name):
            "migration file \(name) is not named NNNN_name.sql"
        case .duplicateVersion(let version, let first, let second):
            "migrations \(first) and \(second) share version \(version)"
        case .checksumMismatch(let fileName, let recorded, let actual):
            "migration \(fileName) was changed after it was applied (recorded checksum \(recorded.prefix(12))…, file now \(actual.prefix(12))…): migrations are forward only, add a new one instead"
        case .unknownAppliedMigration(let fileName):
            "the database has migration \(fileName) applied, which this Warden does not have: it was migrated by a newer version; run that version (or newer)"
        case .failed(let fileName, let statement, let reason):
            "migration \(fileName) failed at statement \(statement + 1) and was rolled back: \(reason)"
        }
    }
}
