import Foundation
import Testing
import WardenTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Drives the real `warden` executable, as a user would: `warden serve`, `/health`, SIGTERM.
@Suite struct ServeCommandTests {
    static var executable: URL { WardenExecutable.url }

    static func freePort() -> Int { Int.random(in: 20000...45000) }

    static func status(of url: URL) async -> Int? {
        var request = URLRequest(url: url)
        request.timeoutInterval = 3
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// Runs `warden serve` until `/health` answers 200, then SIGTERM; returns what it printed to standard output.
    func serveOnce(dataDirectory: String, port: Int) async throws -> String {
        let output = URL(fileURLWithPath: dataDirectory + ".stdout")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", dataDirectory, "--log-level", "warning"]
        var environment = ProcessInfo.processInfo.environment
        for name in ["DATABASE_URL", "WARDEN_MASTER_KEY", "WARDEN_ACCOUNT_ID", "WARDEN_ROOT_ACCESS_KEY_ID", "WARDEN_ROOT_SECRET_ACCESS_KEY"] {
            environment.removeValue(forKey: name)
        }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let health = URL(string: "http://127.0.0.1:\(port)/health")!
        var status: Int?
        for _ in 0..<120 where status != 200 {
            status = await Self.status(of: health)
            if status != 200 { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(status == 200)

        let postmasterPIDFile = "\(dataDirectory)/postgres/postmaster.pid"
        #expect(FileManager.default.fileExists(atPath: postmasterPIDFile))
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<120 where process.isRunning {
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: postmasterPIDFile), "the embedded cluster is stopped on shutdown")
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    @Test func serveAnswersHealthShowsRootCredentialsOnceAndShutsDownGracefully() async throws {
        let dataDirectory = "/tmp/warden-serve-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let port = Self.freePort()

        let first = try await serveOnce(dataDirectory: dataDirectory, port: port)
        #expect(first.contains("export AWS_ACCESS_KEY_ID=AKIA"))
        #expect(first.contains("export AWS_SECRET_ACCESS_KEY="))
        let saved = try String(contentsOfFile: dataDirectory + "/root-credentials", encoding: .utf8)
        #expect(saved == first)
        for file in ["root-credentials", "master.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: "\(dataDirectory)/\(file)")[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) must be readable by its owner only")
        }

        let second = try await serveOnce(dataDirectory: dataDirectory, port: port)
        #expect(!second.contains("AWS_SECRET_ACCESS_KEY"), "later starts change nothing and show nothing")
    }

    @Test func migrateAppliesPendingMigrationsThenReportsUpToDate() async throws {
        let dataDirectory = "/tmp/warden-migrate-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        func migrate() async throws -> (Int32, String) {
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            let result = try await ChildProcess.run(Self.executable, ["migrate", "--data-dir", dataDirectory, "--log-level", "error"], environment: environment)
            return (result.status, result.output)
        }
        let (firstStatus, first) = try await migrate()
        #expect(firstStatus == 0)
        #expect(first.hasPrefix("applied 0001_accounts.sql, 0002_credentials.sql"), "\(first)")
        let (secondStatus, second) = try await migrate()
        #expect(secondStatus == 0)
        #expect(second.hasPrefix("schema is up to date"), "\(second)")
        #expect(!FileManager.default.fileExists(atPath: "\(dataDirectory)/postgres/postmaster.pid"), "migrate stops the cluster it started")
    }

    @Test func helpDocumentsEveryOptionAndItsVariable() async throws {
        let output = try await ChildProcess.run(Self.executable, ["serve", "--help"]).output
        for text in ["--hostname", "WARDEN_HOSTNAME", "--port", "WARDEN_PORT", "--data-dir", "WARDEN_DATA_DIR", "--database-url", "DATABASE_URL", "--log-level", "WARDEN_LOG_LEVEL", "--migrations-dir", "WARDEN_MIGRATIONS_DIR"] {
            #expect(output.contains(text), "serve --help does not mention \(text)")
        }
    }
}
