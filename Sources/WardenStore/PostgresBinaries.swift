public import Foundation

/// The PostgreSQL server programs the embedded cluster runs: the system's own, never a downloaded copy.
public struct PostgresBinaries: Sendable {
    public let initdb: String
    public let pgCtl: String

    /// Finds `initdb` and `pg_ctl` on `PATH`, else in the newest `/usr/lib/postgresql/*/bin`.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        versionsRoot: String = "/usr/lib/postgresql"
    ) throws(EmbeddedPostgresError) -> PostgresBinaries {
        var directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: versionsRoot)) ?? [])
            .compactMap { name in Int(name).map { (version: $0, name: name) } }
            .sorted { $0.version > $1.version }
        directories += versions.map { "\(versionsRoot)/\($0.name)/bin" }
        for directory in directories {
            let initdb = "\(directory)/initdb"
            let pgCtl = "\(directory)/pg_ctl"
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw .binariesNotFound
    }
}
