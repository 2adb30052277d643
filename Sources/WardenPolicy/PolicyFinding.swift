/// One result of validating a policy, as IAM Access Analyzer / IAM would report it.
public struct PolicyFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// IAM would refuse the policy.
        case error
        /// IAM accepts the policy but it probably does not do what was meant.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// Path into the document (`Statement[2].Condition`), empty for the whole document.
    public var path: String
    public var message: String

    public init(severity: Severity, path: String, message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(severity): \(message)" : "\(severity): \(path): \(message)"
    }
}
