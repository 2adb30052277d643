import Synchronization
public import WardenPolicy

/// Compiled policies keyed by their id and exact text, shared by every call.
///
/// A document never changes under its key (a new version is a new text), so entries never go stale and
/// every replica's cache is consistent without invalidation; the cache only saves the parse and compile.
public final class CompiledPolicyCache: Sendable {
    struct Key: Hashable {
        let id: String
        let document: String
    }

    private let entries = Mutex<[Key: CompiledPolicy]>([:])
    /// Entries kept before the cache starts over (a bound, not a tuning knob).
    let capacity: Int

    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The compiled form of `document`, compiling it on first use.
    /// - Throws: ``PolicyError`` when the stored document no longer parses (it was validated when stored).
    public func policy(id: String, document: String) throws(PolicyError) -> CompiledPolicy {
        let key = Key(id: id, document: document)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let compiled = try CompiledPolicy(id: id, json: document)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = compiled
        }
        return compiled
    }
}
