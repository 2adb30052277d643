import Foundation
import Testing

/// Runs a python3 script; fails the test (never skips) when python3 or botocore is missing.
enum Python {
    struct Failure: Error {}

    static func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            Issue.record("python3 is not available (\(error)); install Python 3 and run `pip install boto3`")
            throw error
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record(
                "python3 with botocore is required (status \(process.terminationStatus)); install it with `pip install boto3`.\n\(errors)")
            throw Failure()
        }
        return String(decoding: data, as: UTF8.self)
    }
}
