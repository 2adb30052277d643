import PostgresNIO
public import WardenAWS

/// Telling a database that cannot be reached from a fault of the call: the first is answered
/// `ServiceUnavailable` (the client retries), the second `InternalFailure`.
public enum DatabaseUnavailability {
    /// Whether `error` means the database cannot be reached now (its connection closed, the server shutting
    /// down, crashed or still recovering), as opposed to a fault of the call.
    public static func isUnavailability(_ error: any Error) -> Bool {
        if let error = error as? AWSServiceError { return error == .serviceUnavailable }
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed: return true
            case .server:
                // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now; class 08: connection exceptions.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08")
            default: return false
            }
        }
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }
}

extension AWSServiceError {
    /// The database is unreachable: AWS's answer when a service cannot serve for a while. The client retries.
    public static let serviceUnavailable = AWSServiceError(
        code: "ServiceUnavailable", message: "The service is unavailable: its database cannot be reached. Retry the request.", status: 503)
}
