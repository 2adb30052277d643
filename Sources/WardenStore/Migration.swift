public import Foundation
import Crypto

/// One forward-only schema change: `db/migrations/NNNN_name.sql`, applied once and recorded with its checksum.
public struct Migration: Sendable, Hashable {
    /// The number that orders migrations (`NNNN` in the file name).
    public let version: Int
    /// The rest of the file name, without the extension.
    public let name: String
    /// The file's SQL.
    public let sql: String
    /// SHA-256 of the file's bytes, in hex: an applied migration whose file changed is refused.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The file name this migration is known by in errors and logs.
    public var fileName: String { String(format: "%04d_%@.sql", version, name) }
}

extension Migration {
    /// Loads every `NNNN_name.sql` in `directory`, ordered by version.
    ///
    /// - Throws: ``MigrationError`` when the directory is missing, a file name is not `NNNN_name.sql`,
    ///   or two files share a version.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .directoryUnreadable(path: directory.path)
        }
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"),
                stem.distance(from: stem.startIndex, to: underscore) == 4,
                let version = Int(stem[..<underscore]),
                stem[stem.index(after: underscore)...].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                stem.index(after: underscore) < stem.endIndex
            else {
                throw .badFileName(fileName)
            }
            let url = directory.appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: url.path), let sql = String(data: data, encoding: .utf8) else {
                throw .directoryUnreadable(path: url.path)
            }
            let migration = Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql)
            if let clash = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, clash.fileName, fileName)
            }
            migrations.append(migration)
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// Warden's own migrations: those in `directory` (or `WARDEN_MIGRATIONS_DIR`) when one is given, else
    /// the `db/migrations` of the source checkout this binary was built from when it is there (development),
    /// else the ones embedded in the binary (``embedded``), so an installed binary needs no SQL files.
    public static func resolve(
        directory: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(MigrationError) -> [Migration] {
        if let directory { return try load(from: directory) }
        if let configured = environment["WARDEN_MIGRATIONS_DIR"], !configured.isEmpty {
            return try load(from: URL(fileURLWithPath: configured))
        }
        if let checkout = sourceCheckoutDirectory { return try load(from: checkout) }
        return embedded
    }

    /// `db/migrations` of the checkout this binary was built from, when it still exists.
    public static var sourceCheckoutDirectory: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("db/migrations")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }
}
