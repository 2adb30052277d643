public import Foundation

/// Runs a program to its end without blocking a thread: the tests run on Swift's cooperative pool (as many
/// threads as cores), and one `waitUntilExit()` there stalls every other test's async work behind it, down to
/// the servers they run in process.
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let error: String
    }

    /// Runs `executable` with `arguments`; its output and error streams are collected in files (a pipe could
    /// fill and stall the child), and its exit awaited through a termination handler.
    /// - Parameter environment: nil: this process's.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("out")
        let errorURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status,
            output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        )
    }

    /// `arguments[0]` found on `PATH` (through `/usr/bin/env`).
    public static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: environment)
    }

    /// Waits, without blocking a thread, until a process started elsewhere has exited.
    public static func waitForExit(_ process: Process, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
