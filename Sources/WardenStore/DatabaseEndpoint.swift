import Foundation
public import PostgresNIO

/// Where a PostgreSQL database is and how to log in to it: parsed from a `postgres://` URL or made by the
/// embedded cluster.
public struct DatabaseEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Location: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    /// Whether to speak TLS over TCP, as libpq's `sslmode` says it (`disable`, `prefer`, `require`).
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var location: Location
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    public init(location: Location, username: String, password: String? = nil, database: String, tlsMode: TLSMode = .disable) {
        self.location = location
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=require`; `?host=/dir` names a socket directory.
    public init(url text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw DatabaseURLError(reason: "expected postgres://user:password@host:port/database") }
        let items = components.queryItems ?? []
        // Each part is percent-decoded exactly once, here: `URLComponents.user` and friends decode already.
        let database = components.percentEncodedPath.drop(while: { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty else { throw DatabaseURLError(reason: "the URL names no database (postgres://…/DATABASE)") }
        guard let username = components.percentEncodedUser?.removingPercentEncoding, !username.isEmpty else {
            throw DatabaseURLError(reason: "the URL names no user (postgres://USER@…)")
        }
        if let socketDirectory = items.first(where: { $0.name == "host" })?.value, socketDirectory.hasPrefix("/") {
            let port = components.port ?? 5432
            self.location = .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
        } else {
            guard let host = components.host, !host.isEmpty else { throw DatabaseURLError(reason: "the URL names no host") }
            self.location = .tcp(host: host, port: components.port ?? 5432)
        }
        let sslmode = items.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        switch sslmode {
        case "disable": self.tlsMode = .disable
        case "allow", "prefer": self.tlsMode = .prefer
        case "require", "verify-ca", "verify-full": self.tlsMode = .require
        default: throw DatabaseURLError(reason: "unknown sslmode '\(sslmode)' (disable, prefer or require)")
        }
        self.username = username
        self.password = components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
    }

    /// The same server, another database on it.
    public func with(database: String) -> DatabaseEndpoint {
        var copy = self
        copy.database = database
        return copy
    }

    /// Configuration for a connection pool.
    public var clientConfiguration: PostgresClient.Configuration {
        switch location {
        case .unixSocket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
    }

    /// Configuration for one connection.
    ///
    /// - Throws: when a TLS context cannot be made; never falls back to plain text.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        switch location {
        case .unixSocket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .prefer: try .prefer(.init(configuration: .makeClientConfiguration()))
                case .require: try .require(.init(configuration: .makeClientConfiguration()))
                }
            return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
    }

    /// The endpoint without its password, for logs.
    public var description: String {
        switch location {
        case .unixSocket(let path): "postgres://\(username)@/\(database)?host=\((path as NSString).deletingLastPathComponent)"
        case .tcp(let host, let port): "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }

    /// Runs `body` with a pool of two connections to this database, for a command that runs once and exits.
    public func withCommandClient<Result: Sendable>(logger: Logger, _ body: (PostgresClient) async throws -> Result) async throws -> Result {
        var configuration = clientConfiguration
        configuration.options.maximumConnections = 2
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await Task.sleep(for: .milliseconds(20))  // let the pool start before the first lease
            return try await body(client)
        }
    }

    /// Opens one connection, runs `body`, and closes it.
    @discardableResult
    public func withConnection<Result: Sendable>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await PostgresConnection.connect(configuration: try connectionConfiguration(), id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A database URL Warden cannot use, and why.
public struct DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "invalid database URL: \(reason)" }
}
