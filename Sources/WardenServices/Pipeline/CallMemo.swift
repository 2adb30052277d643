import Synchronization

/// What one call has already read, by name, so the operation's `resource`, `resourcePolicy`,
/// `conditionKeys` and `perform` see one value (and the database is asked once) — e.g. the role
/// `AssumeRole` authorizes and then issues a session for.
public final class CallMemo: Sendable {
    private let values = Mutex<[String: any Sendable]>([:])

    public init() {}

    /// The value remembered under `name`, else `load`'s, remembered.
    public func value<Value: Sendable>(_ name: String, load: () async throws -> Value) async rethrows -> Value {
        // Unwrapped before the cast: a missing entry cast to an optional `Value` would pass as a remembered nil.
        if let entry = values.withLock({ $0[name] }), let known = entry as? Value { return known }
        let loaded = try await load()
        values.withLock { $0[name] = loaded }
        return loaded
    }
}
