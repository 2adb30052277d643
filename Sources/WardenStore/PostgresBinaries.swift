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
        guard let directory = directory(containing: ["initdb", "pg_ctl"], environment: environment, versionsRoot: versionsRoot) else {
            throw .binariesNotFound
        }
        return PostgresBinaries(initdb: "\(directory)/initdb", pgCtl: "\(directory)/pg_ctl")
    }

    /// The first directory on `PATH`, else the newest `/usr/lib/postgresql/*/bin`, holding all of `programs`.
    public static func directory(
        containing programs: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        versionsRoot: String = "/usr/lib/postgresql"
    ) -> String? {
        var directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: versionsRoot)) ?? [])
            .compactMap { name in Int(name).map { (version: $0, name: name) } }
            .sorted { $0.version > $1.version }
        directories += versions.map { "\(versionsRoot)/\($0.name)/bin" }
        return directories.first { directory in
            programs.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
        }
    }
}
