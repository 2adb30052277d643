/// A policy that cannot be parsed or compiled: where (`Statement[2].Condition`) and why.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path into the document, empty for the document itself.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
