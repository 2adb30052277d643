import Foundation
import Testing
import WardenTestSupport

/// Runs a python3 script; fails the test (never skips) when python3 or botocore is missing.
enum Python {
    struct Failure: Error {}

    static func run(_ script: String) async throws -> String {
        let result: ChildProcess.Result
        do {
            result = try await ChildProcess.run(["python3", "-c", script])
        } catch {
            Issue.record("python3 is not available (\(error)); install Python 3 and run `pip install boto3`")
            throw error
        }
        guard result.status == 0 else {
            Issue.record("python3 with botocore is required (status \(result.status)); install it with `pip install boto3`.\n\(result.error)")
            throw Failure()
        }
        return result.output
    }
}
