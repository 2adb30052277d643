import Foundation
public import WardenAWS
import WardenServices
public import WardenStore

extension WardenHarness {
    /// Like ``with(accountID:clock:cachingPolicies:_:)`` with the policy cache on, also handing `body` the database
    /// and the master key, so a real `warden serve` can be started on the same data (benchmarks seed in process,
    /// then measure through the server).
    public static func withServable<Result: Sendable>(
        accountID: String = "111122223333", _ body: (WardenHarness, DatabaseEndpoint, MasterKey) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(accountID: accountID, clock: { Date() }, cachingPolicies: true, body)
    }

    /// The `postgres://` URL `warden serve --database-url` takes for `endpoint`.
    public static func databaseURL(_ endpoint: DatabaseEndpoint) -> String {
        switch endpoint.location {
        case .unixSocket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(endpoint.username)@localhost:\(port)/\(endpoint.database)?host=\(directory)"
        case .tcp(let host, let port):
            return "postgres://\(endpoint.username)\(endpoint.password.map { ":\($0)" } ?? "")@\(host):\(port)/\(endpoint.database)"
        }
    }
}
