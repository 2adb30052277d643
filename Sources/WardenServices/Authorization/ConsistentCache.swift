import Synchronization
import WardenStore

/// Values read from the database and kept in memory (a principal's policy set, an account's
/// organization guardrails, an access key), so an authorized call costs microseconds instead of round trips.
///
/// Correctness comes first: the cache answers only while ``PolicyChangeListener`` is listening for
/// PostgreSQL notifications, every change that can alter a cached value notifies its account on commit (and
/// invalidates this replica at once), and a load that raced with an invalidation is never stored — each
/// account has a generation, and an entry is kept only if the generation it was loaded under is still
/// current.
public final class ConsistentCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct State {
        var listening = false
        /// By account first, so an account's invalidation touches only its own entries.
        var entries: [String: [Key: Value]] = [:]
        var count = 0
        var generations: [String: UInt64] = [:]
        /// Bumped when everything is dropped; part of every generation read.
        var epoch: UInt64 = 0
        /// Bumped by every invalidation: the generation of loads that do not know their account beforehand.
        var changes: UInt64 = 0
        /// The account of every entry, for lookups by key alone.
        var accounts: [Key: String] = [:]
    }

    private let state = Mutex(State())
    let capacity: Int
    let metrics: CacheMetrics?

    public convenience init(capacity: Int) {
        self.init(capacity: capacity, metrics: nil)
    }

    init(capacity: Int, metrics: CacheMetrics?) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// The token a load must present when storing its result.
    struct Ticket: Sendable {
        let epoch: UInt64
        let generation: UInt64
    }

    /// The cached value, or a ticket to store it once loaded (nil ticket: don't store).
    func lookup(_ key: Key, account accountID: String) -> (Value?, Ticket?) {
        let found: (Value?, Ticket?) = state.withLock { state in
            guard state.listening else { return (nil, nil) }
            if let entry = state.entries[accountID]?[key] { return (entry, nil) }
            return (nil, Ticket(epoch: state.epoch, generation: state.generations[accountID, default: 0]))
        }
        metrics?.count(hit: found.0 != nil)
        return found
    }

    func store(_ value: Value, for key: Key, account accountID: String, ticket: Ticket) {
        state.withLock { state in
            guard state.listening, state.epoch == ticket.epoch, state.generations[accountID, default: 0] == ticket.generation else { return }
            Self.insert(value, for: key, account: accountID, into: &state, capacity: capacity)
        }
    }

    private static func insert(_ value: Value, for key: Key, account accountID: String, into state: inout State, capacity: Int) {
        if state.count >= capacity {
            state.entries.removeAll(keepingCapacity: true)
            state.accounts.removeAll(keepingCapacity: true)
            state.count = 0
        }
        if let previous = state.accounts.updateValue(accountID, forKey: key), previous != accountID {
            if state.entries[previous]?.removeValue(forKey: key) != nil { state.count -= 1 }
        }
        if state.entries[accountID, default: [:]].updateValue(value, forKey: key) == nil { state.count += 1 }
    }

    /// The cached value of `key` whose account is known only once it is loaded (an access key), else
    /// `load`'s: stored only when no invalidation at all happened during the load.
    func value(for key: Key, load: () async throws -> (value: Value, account: String)?) async throws -> Value? {
        let (hit, ticket): (Value?, Ticket?) = state.withLock { state in
            guard state.listening else { return (nil, nil) }
            if let hit = state.accounts[key].flatMap({ state.entries[$0]?[key] }) { return (hit, nil) }
            return (nil, Ticket(epoch: state.epoch, generation: state.changes))
        }
        metrics?.count(hit: hit != nil)
        if let hit { return hit }
        guard let (value, accountID) = try await load() else { return nil }
        if let ticket {
            state.withLock { state in
                guard state.listening, state.epoch == ticket.epoch, state.changes == ticket.generation else { return }
                Self.insert(value, for: key, account: accountID, into: &state, capacity: capacity)
            }
        }
        return value
    }

    /// The cached value of `key`, else `load`'s (stored when no change raced with the load).
    func value(for key: Key, account accountID: String, load: () async throws -> Value) async throws -> Value {
        let (hit, ticket) = lookup(key, account: accountID)
        if let hit { return hit }
        let loaded = try await load()
        if let ticket { store(loaded, for: key, account: accountID, ticket: ticket) }
        return loaded
    }

    /// Drops every entry of `accountID` (or of every account for `*`).
    public func invalidate(account accountID: String) {
        state.withLock { state in
            state.changes &+= 1
            if accountID == "*" {
                state.entries.removeAll(keepingCapacity: true)
                state.accounts.removeAll(keepingCapacity: true)
                state.count = 0
                state.epoch &+= 1
                return
            }
            state.generations[accountID, default: 0] &+= 1
            if let dropped = state.entries.removeValue(forKey: accountID) {
                state.count -= dropped.count
                for key in dropped.keys { state.accounts[key] = nil }
            }
        }
    }

    /// Starts or stops answering from the cache; either way everything cached is dropped.
    func setListening(_ listening: Bool) {
        state.withLock { state in
            state.listening = listening
            state.entries.removeAll(keepingCapacity: true)
            state.accounts.removeAll(keepingCapacity: true)
            state.count = 0
            state.epoch &+= 1
        }
    }
}

/// Every cache kept consistent by ``PolicyChangeListener``: what an authorized call reads, held in memory.
public struct AuthorizationCaches: Sendable {
    /// A principal (user or role) as the key of its policy set.
    struct Principal: Hashable, Sendable {
        let entityType: String
        let entityID: String
    }

    /// Policy sets of recent principals.
    let principals: ConsistentCache<Principal, PrincipalPolicies>
    /// Organization guardrails (SCP and RCP chains, paths) of recent accounts.
    let guardrails: ConsistentCache<String, AccountGuardrails>
    /// Long-term access keys by id (status, owner, the secret opened once), so a signed request needs no round
    /// trip and no decryption.
    let accessKeys: ConsistentCache<String, Authenticator.OpenedAccessKey>

    /// - Parameter metrics: where each cache counts its hits and misses (the `cache` label: `principals`,
    ///   `guardrails`, `access_keys`).
    public init(metrics: WardenMetrics = .disabled) {
        principals = ConsistentCache(capacity: 50_000, metrics: metrics.cache(named: "principals"))
        guardrails = ConsistentCache(capacity: 50_000, metrics: metrics.cache(named: "guardrails"))
        accessKeys = ConsistentCache(capacity: 100_000, metrics: metrics.cache(named: "access_keys"))
    }

    /// Drops what `accountID` (or `*`: every account) has cached.
    public func invalidate(account accountID: String) {
        principals.invalidate(account: accountID)
        guardrails.invalidate(account: accountID)
        accessKeys.invalidate(account: accountID)
    }

    func setListening(_ listening: Bool) {
        principals.setListening(listening)
        guardrails.setListening(listening)
        accessKeys.setListening(listening)
    }
}
