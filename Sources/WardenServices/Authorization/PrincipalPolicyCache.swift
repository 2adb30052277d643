import Synchronization

/// The policies of recently seen principals, so an authorized call costs microseconds instead of a
/// database round trip.
///
/// Correctness comes first: the cache answers only while ``PolicyChangeListener`` is listening for
/// PostgreSQL notifications, every change that can alter a policy set notifies its account on commit (and
/// invalidates this replica at once), and a load that raced with an invalidation is never stored — each
/// account has a generation, and an entry is kept only if the generation it was loaded under is still
/// current.
public final class PrincipalPolicyCache: Sendable {
    struct Key: Hashable, Sendable {
        let accountID: String
        let entityType: String
        let entityID: String
    }

    struct State {
        var listening = false
        /// By account first, so an account's invalidation touches only its own entries.
        var entries: [String: [Key: PrincipalPolicies]] = [:]
        var count = 0
        var generations: [String: UInt64] = [:]
        /// Bumped when everything is dropped; part of every generation read.
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    public init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The token a load must present when storing its result.
    struct Ticket: Sendable {
        let epoch: UInt64
        let generation: UInt64
    }

    /// The cached policies of a principal, or a ticket to store them once loaded (nil ticket: don't store).
    func lookup(_ key: Key) -> (PrincipalPolicies?, Ticket?) {
        state.withLock { state in
            guard state.listening else { return (nil, nil) }
            if let entry = state.entries[key.accountID]?[key] { return (entry, nil) }
            return (nil, Ticket(epoch: state.epoch, generation: state.generations[key.accountID, default: 0]))
        }
    }

    func store(_ policies: PrincipalPolicies, for key: Key, ticket: Ticket) {
        state.withLock { state in
            guard state.listening, state.epoch == ticket.epoch, state.generations[key.accountID, default: 0] == ticket.generation else { return }
            if state.count >= capacity {
                state.entries.removeAll(keepingCapacity: true)
                state.count = 0
            }
            if state.entries[key.accountID, default: [:]].updateValue(policies, forKey: key) == nil { state.count += 1 }
        }
    }

    /// Drops every entry of `accountID` (or of every account for `*`).
    public func invalidate(account accountID: String) {
        state.withLock { state in
            if accountID == "*" {
                state.entries.removeAll(keepingCapacity: true)
                state.count = 0
                state.epoch &+= 1
                return
            }
            state.generations[accountID, default: 0] &+= 1
            state.count -= state.entries.removeValue(forKey: accountID)?.count ?? 0
        }
    }

    /// Starts or stops answering from the cache; either way everything cached is dropped.
    func setListening(_ listening: Bool) {
        state.withLock { state in
            state.listening = listening
            state.entries.removeAll(keepingCapacity: true)
            state.count = 0
            state.epoch &+= 1
        }
    }
}
