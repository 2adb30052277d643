public import Foundation

/// A break in a chain that `warden audit verify` reports: which event, and what is wrong with it.
public struct AuditChainBreak: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The event's stored fields no longer hash to its stored hash, or what lookups search no longer matches
        /// them: it was edited.
        case edited
        /// The event does not follow the one before it: events between them were deleted, or it was moved.
        case broken(expectedSequence: Int64)
        /// The chain's head records later events than the table holds: the newest events were deleted.
        case truncated(headSequence: Int64)
    }

    public let chain: String
    /// The event where the chain breaks; nil when the break is past the last stored event.
    public let eventID: UUID?
    public let sequence: Int64
    public let kind: Kind

    public var description: String {
        let account = chain == AuditEvent.unattributedChain ? "the unattributed chain" : "account \(chain)"
        let event = eventID.map { "event \($0.uuidString.lowercased())" } ?? "the end of the chain"
        switch kind {
        case .edited:
            return "\(account): \(event) (sequence \(sequence)) was edited: its content does not match its hash"
        case .broken(let expected):
            if sequence > expected {
                return "\(account): \(event) (sequence \(sequence)) does not follow the event before it: events \(expected)…\(sequence - 1) were deleted"
            }
            return "\(account): \(event) (sequence \(sequence), expected \(expected)) does not follow the event before it: it was moved, inserted or its predecessor changed"
        case .truncated(let head):
            return "\(account): the chain ends at sequence \(sequence) but its head records \(head): the newest events were deleted"
        }
    }
}

/// Recomputes every chain of the trail and names each event where one breaks.
public enum AuditTrailVerifier {
    public struct Report: Sendable {
        public var chains = 0
        public var events = 0
        public var breaks: [AuditChainBreak] = []
    }

    /// Verifies every chain on `transaction` (a repeatable-read snapshot gives one consistent answer).
    public static func verify(_ transaction: StoreTransaction, batch: Int = 5_000) async throws -> Report {
        let heads = try await AuditRepository.heads(transaction)
        let anchors = try await AuditRepository.anchors(transaction)
        var report = Report()
        for chain in heads.keys.sorted() {
            report.chains += 1
            let anchor = anchors[chain]
            var expected = (anchor?.sequence ?? 0) + 1
            var previous = anchor?.hash ?? AuditChain.genesis
            var next = expected
            var lastEventID: UUID?
            while true {
                let events = try await AuditRepository.events(chain: chain, from: next, limit: batch, transaction)
                for stored in events {
                    report.events += 1
                    if stored.sequence != expected || stored.previousHash != previous {
                        report.breaks.append(.init(chain: chain, eventID: stored.event.eventID, sequence: stored.sequence, kind: .broken(expectedSequence: expected)))
                    }
                    if AuditChain.hash(of: stored.event, sequence: stored.sequence, previousHash: stored.previousHash) != stored.hash
                        || (stored.storedLookupKeys.map { $0 != stored.event.lookupKeys } ?? false)
                    {
                        report.breaks.append(.init(chain: chain, eventID: stored.event.eventID, sequence: stored.sequence, kind: .edited))
                    }
                    expected = stored.sequence + 1
                    previous = stored.hash
                    lastEventID = stored.event.eventID
                }
                guard events.count == batch, let last = events.last else { break }
                // Events sharing the last sequence (only tampering makes them) are read again; skip those seen.
                next = last.sequence + 1
            }
            if let head = heads[chain] {
                if head.sequence >= expected {
                    report.breaks.append(.init(chain: chain, eventID: nil, sequence: expected - 1, kind: .truncated(headSequence: head.sequence)))
                } else if head.sequence == expected - 1, head.hash != previous, let lastEventID {
                    // The last event was rewritten with a hash of its own making: the head still holds the original.
                    report.breaks.append(.init(chain: chain, eventID: lastEventID, sequence: head.sequence, kind: .edited))
                }
            }
        }
        return report
    }
}
