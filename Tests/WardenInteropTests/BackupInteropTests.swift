import Foundation
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// `warden backup` and `warden restore` as an operator runs them: a backup taken while the server serves, the
/// state changed, the backup restored over it, and the server started again on what the backup held — its
/// users and keys, the root key authenticating, the audit trail's chains intact.
@Suite struct BackupInteropTests {
    typealias Object = [String: Any]

    /// Runs `warden ARGUMENTS` on the test database with `masterKey` (none: no key configured at all).
    static func warden(_ arguments: [String], database: DatabaseEndpoint, masterKey: MasterKey?) async throws -> Clients.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["WARDEN_MASTER_KEY"] = masterKey?.base64
        // A data directory without master.key: the only key is the one given here.
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-backup-\(UUID().uuidString)")
        return try await Clients.run(
            [WardenExecutable.url.path] + arguments
                + ["--database-url", WardenHarness.databaseURL(database), "--data-dir", dataDirectory.path, "--log-level", "error"],
            environment: environment)
    }

    static func aws(_ arguments: [String], _ environment: [String: String]) async throws -> Object {
        let result = try await Clients.run(["aws"] + arguments + ["--output", "json"], environment: environment)
        try #require(result.status == 0, "aws \(arguments.joined(separator: " ")): \(result.error)")
        return (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? Object ?? [:]
    }

    static func userNames(_ environment: [String: String]) async throws -> Set<String> {
        let listed = try await aws(["iam", "list-users"], environment)
        return Set((listed["Users"] as? [Object] ?? []).compactMap { $0["UserName"] as? String })
    }

    @Test func aBackupTakenWhileServingIsRestoredOverLaterChanges() async throws {
        try await Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        let migrations = try #require(Migration.sourceCheckoutDirectory)
        let newest = try #require(try Migration.load(from: migrations).last)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-backups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("warden.dump").path

        try await withMigratedDatabase { endpoint, client in
            let masterKey = MasterKey.generate()
            let root = try #require(try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: masterKey).run(.init(), logger: logger))
            let server = try ServeProcess.start(database: endpoint, masterKey: masterKey)
            defer { server.stop() }
            try await server.waitUntilHealthy()
            let asRoot = Clients.environment(endpoint: server.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)

            // The state backed up: a user with an access key; the backup taken while the server serves.
            _ = try await Self.aws(["iam", "create-user", "--user-name", "kept"], asRoot)
            let key = try #require(try await Self.aws(["iam", "create-access-key", "--user-name", "kept"], asRoot)["AccessKey"] as? Object)
            let keptKeyID = try #require(key["AccessKeyId"] as? String)
            let keptSecret = try #require(key["SecretAccessKey"] as? String)
            let backup = try await Self.warden(["backup", file], database: endpoint, masterKey: nil)
            #expect(backup.status == 0 && backup.output.contains("schema at migration \(newest.fileName.dropLast(4))"), "\(backup.output)\(backup.error)")
            #expect(!FileManager.default.fileExists(atPath: file + ".partial"))
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            // The state changed after it: the user gone, another one made.
            _ = try await Self.aws(["iam", "delete-access-key", "--user-name", "kept", "--access-key-id", keptKeyID], asRoot)
            _ = try await Self.aws(["iam", "delete-user", "--user-name", "kept"], asRoot)
            _ = try await Self.aws(["iam", "create-user", "--user-name", "made-after"], asRoot)
            #expect(try await Self.userNames(asRoot) == ["made-after"])
            server.stop()
            while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }

            // Refused: a database that is not empty without --replace, and a file that is no backup.
            let notEmpty = try await Self.warden(["restore", file], database: endpoint, masterKey: masterKey)
            #expect(notEmpty.status == 1 && notEmpty.error.contains("--replace"), "\(notEmpty.error)")
            let garbage = directory.appendingPathComponent("garbage.dump")
            try Data("not a dump".utf8).write(to: garbage)
            let unreadable = try await Self.warden(["restore", "--replace", garbage.path], database: endpoint, masterKey: masterKey)
            #expect(unreadable.status == 1 && unreadable.error.contains("pg_restore: error"), "\(unreadable.error)")

            // Another master key restores the rows but cannot open them, and says so.
            let wrongKey = try await Self.warden(["restore", "--replace", file], database: endpoint, masterKey: MasterKey.generate())
            #expect(wrongKey.status == 1 && wrongKey.error.contains("master key does not open"), "\(wrongKey.output)\(wrongKey.error)")

            let restored = try await Self.warden(["restore", "--replace", file], database: endpoint, masterKey: masterKey)
            #expect(restored.status == 0 && restored.output.contains("the master key opens the restored secrets"), "\(restored.output)\(restored.error)")

            // Served again: the backup's state, its keys authenticating, the trail intact.
            let again = try ServeProcess.start(database: endpoint, masterKey: masterKey)
            defer { again.stop() }
            try await again.waitUntilHealthy()
            let rootAgain = Clients.environment(endpoint: again.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            #expect(try await Self.userNames(rootAgain) == ["kept"])
            #expect(try await Self.aws(["sts", "get-caller-identity"], rootAgain)["Arn"] as? String == "arn:aws:iam::\(root.accountID):root")
            let asKept = Clients.environment(endpoint: again.endpoint, accessKeyID: keptKeyID, secret: keptSecret)
            #expect(try await Self.aws(["sts", "get-caller-identity"], asKept)["Arn"] as? String == "arn:aws:iam::\(root.accountID):user/kept")
            again.stop()
            while again.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let verified = try await Self.warden(["audit", "verify"], database: endpoint, masterKey: nil)
            #expect(verified.status == 0 && verified.output.contains("intact"), "\(verified.output)\(verified.error)")

            // Into an empty database, no --replace needed; with no master key configured, it says what to do.
            let empty = try await TestDatabaseServer.shared.makeEmptyDatabase()
            defer { Task { try? await TestDatabaseServer.shared.dropDatabase(empty) } }
            let intoEmpty = try await Self.warden(["restore", file], database: empty, masterKey: nil)
            #expect(intoEmpty.status == 0 && intoEmpty.output.contains("no master key to check"), "\(intoEmpty.output)\(intoEmpty.error)")
            let emptyVerified = try await Self.warden(["audit", "verify"], database: empty, masterKey: nil)
            #expect(emptyVerified.status == 0, "\(emptyVerified.output)\(emptyVerified.error)")
        }
    }

    /// `warden serve` on its own embedded cluster in `dataDirectory`, as an operator starts it on one machine.
    static func serveEmbedded(_ dataDirectory: URL) throws -> ServeProcess {
        let port = Int.random(in: 20000...45000)
        let process = Process()
        process.executableURL = WardenExecutable.url
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", dataDirectory.path, "--log-level", "warning"]
        process.environment = embeddedEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return ServeProcess(process: process, port: port)
    }

    /// The test's environment without a database URL or master key: the data directory decides both.
    static var embeddedEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !["DATABASE_URL", "WARDEN_MASTER_KEY", "WARDEN_DATA_DIR"].contains($0.key) }
    }

    static func stopped(_ server: ServeProcess) async throws {
        server.stop()
        while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func theEmbeddedClusterIsBackedUpWhileServingAndRestoredOnlyOnceStopped() async throws {
        try await Clients.requireInstalled()
        // Short, and under /tmp: the socket path has a length limit and the cluster's user must reach it.
        let dataDirectory = URL(fileURLWithPath: "/tmp/warden-bk-\(UInt32.random(in: 0...UInt32.max))")
        let file = dataDirectory.path + ".dump"
        defer {
            try? FileManager.default.removeItem(at: dataDirectory)
            try? FileManager.default.removeItem(atPath: file)
        }
        func warden(_ arguments: [String]) async throws -> Clients.Result {
            try await Clients.run(
                [WardenExecutable.url.path] + arguments + ["--data-dir", dataDirectory.path, "--log-level", "error"], environment: Self.embeddedEnvironment)
        }

        let server = try Self.serveEmbedded(dataDirectory)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let notice = try String(contentsOf: dataDirectory.appendingPathComponent("root-credentials"), encoding: .utf8)
        func exported(_ name: String) throws -> String {
            let line = try #require(notice.split(separator: "\n").first { $0.hasPrefix("export \(name)=") })
            return String(line.dropFirst("export \(name)=".count))
        }
        let keyID = try exported("AWS_ACCESS_KEY_ID")
        let secret = try exported("AWS_SECRET_ACCESS_KEY")
        _ = try await Self.aws(["iam", "create-user", "--user-name", "kept"], Clients.environment(endpoint: server.endpoint, accessKeyID: keyID, secret: secret))

        let backup = try await warden(["backup", file])
        #expect(backup.status == 0, "\(backup.output)\(backup.error)")
        let whileServing = try await warden(["restore", "--replace", file])
        #expect(whileServing.status == 1 && whileServing.error.contains("is using the data directory"), "\(whileServing.error)")
        _ = try await Self.aws(
            ["iam", "create-user", "--user-name", "made-after"], Clients.environment(endpoint: server.endpoint, accessKeyID: keyID, secret: secret))
        try await Self.stopped(server)

        let restored = try await warden(["restore", "--replace", file])
        #expect(restored.status == 0 && restored.output.contains("the master key opens the restored secrets"), "\(restored.output)\(restored.error)")
        let again = try Self.serveEmbedded(dataDirectory)
        defer { again.stop() }
        try await again.waitUntilHealthy()
        #expect(try await Self.userNames(Clients.environment(endpoint: again.endpoint, accessKeyID: keyID, secret: secret)) == ["kept"])
        try await Self.stopped(again)
    }
}
