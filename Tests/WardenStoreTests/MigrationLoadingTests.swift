import Foundation
import Testing
import WardenStore

@Suite struct MigrationLoadingTests {
    @Test func loadsInVersionOrderWithChecksums() throws {
        let directory = try MigrationFixture(files: ["0002_second.sql": "SELECT 2;", "0001_first.sql": "SELECT 1;", "README.md": "ignored"])
        let migrations = try Migration.load(from: directory.url)
        #expect(migrations.map(\.fileName) == ["0001_first.sql", "0002_second.sql"])
        #expect(migrations[0].checksum.count == 64)
        #expect(migrations[0].checksum != migrations[1].checksum)
    }

    @Test(arguments: ["1_short.sql", "0001.sql", "00a1_bad.sql", "0001_bad-name.sql"])
    func refusesBadFileNames(_ name: String) throws {
        let directory = try MigrationFixture(files: [name: "SELECT 1;"])
        #expect(throws: MigrationError.badFileName(name)) { try Migration.load(from: directory.url) }
    }

    @Test func refusesDuplicateVersions() throws {
        let directory = try MigrationFixture(files: ["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        #expect(throws: MigrationError.self) { try Migration.load(from: directory.url) }
    }

    @Test func refusesMissingDirectory() {
        #expect(throws: MigrationError.directoryUnreadable(path: "/nonexistent/warden-migrations")) {
            try Migration.load(from: URL(fileURLWithPath: "/nonexistent/warden-migrations"))
        }
    }

    @Test func projectMigrationsLoad() throws {
        let migrations = try Migration.load(from: Migration.sourceCheckoutDirectory!)
        #expect(!migrations.isEmpty)
        #expect(migrations.map(\.version) == Array(1...migrations.count))
    }

    /// The binary carries the migrations byte for byte (regenerate with `python3 Codegen/generate_migrations.py`).
    @Test func embeddedMigrationsAreTheProjectFiles() throws {
        let files = try Migration.load(from: Migration.sourceCheckoutDirectory!)
        #expect(Migration.embedded.map(\.fileName) == files.map(\.fileName))
        #expect(Migration.embedded.map(\.checksum) == files.map(\.checksum), "run python3 Codegen/generate_migrations.py")
    }

    @Test func withoutADirectoryTheEmbeddedMigrationsAreUsed() throws {
        let resolved = try Migration.resolve(directory: nil, environment: [:])
        #expect(resolved.map(\.checksum) == Migration.embedded.map(\.checksum))
    }
}

/// A temporary directory of migration files, removed when the fixture is released.
final class MigrationFixture {
    let url: URL

    init(files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files {
            try write(name, contents)
        }
    }

    func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: url.appendingPathComponent(name))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
