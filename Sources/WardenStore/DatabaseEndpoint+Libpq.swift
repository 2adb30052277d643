import Foundation

extension DatabaseEndpoint {
    /// The endpoint as libpq's `PG*` variables, for PostgreSQL's client programs (`pg_dump`, `pg_restore`):
    /// the password travels in the child's environment, never on its command line where `ps` shows it.
    var libpqEnvironment: [String: String] {
        var environment = ["PGUSER": username, "PGDATABASE": database, "PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "warden"]
        switch location {
        case .unixSocket(let path):
            let socket = URL(fileURLWithPath: path)
            environment["PGHOST"] = socket.deletingLastPathComponent().path
            environment["PGPORT"] = socket.lastPathComponent.split(separator: ".").last.map(String.init) ?? "5432"
        case .tcp(let host, let port):
            environment["PGHOST"] = host
            environment["PGPORT"] = "\(port)"
            environment["PGSSLMODE"] = tlsMode.rawValue
        }
        if let password { environment["PGPASSWORD"] = password }
        return environment
    }

    /// A libpq connection string naming only the database (`dbname='…'`), for the tools' `--dbname`, which
    /// would take a bare name containing `=` for a connection string; everything else comes from the environment.
    var libpqDatabaseArgument: String {
        "dbname='" + database.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
