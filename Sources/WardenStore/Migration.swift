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

    /// Where Warden's own migrations are: `WARDEN_MIGRATIONS_DIR`, else the source checkout this binary was
    /// built from, else `/usr/share/warden/migrations`, else `db/migrations` under the working directory.
    ///
    /// The working directory comes last so that running Warden from another project's folder never picks up
    /// that project's SQL.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let configured = environment["WARDEN_MIGRATIONS_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let candidates = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("db/migrations"),
            URL(fileURLWithPath: "/usr/share/warden/migrations"),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("db/migrations"),
        ]
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue }
            ?? candidates[0]
    }
}
