import Crypto
import Foundation

/// How an event's hash is made: SHA-256 over a domain label, the previous event's hash, the event's place
/// in its chain and every stored field, each length-prefixed so no two events share an encoding. Changing
/// any stored byte of an event, or its order, changes a hash `warden audit verify` recomputes.
public enum AuditChain {
    /// The hash a chain starts from.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public static func hash(of event: AuditEvent, sequence: Int64, previousHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("warden-audit-v1".utf8))
        hasher.update(data: previousHash)
        integer(UInt64(bitPattern: sequence), into: &hasher)
        field(event.chain, into: &hasher)
        field(event.eventID.uuidString.lowercased(), into: &hasher)
        integer(UInt64(bitPattern: event.timeMicroseconds), into: &hasher)
        field(event.otherAccountID, into: &hasher)
        field(event.organizationID, into: &hasher)
        field(event.eventSource, into: &hasher)
        field(event.eventName, into: &hasher)
        field(event.username, into: &hasher)
        field(event.accessKeyID, into: &hasher)
        hasher.update(data: [event.readOnly ? 1 : 0])
        integer(UInt64(event.resources.count), into: &hasher)
        for resource in event.resources {
            field(resource.type, into: &hasher)
            field(resource.name, into: &hasher)
        }
        field(event.errorCode, into: &hasher)
        field(event.document, into: &hasher)
        return Array(hasher.finalize())
    }

    /// Chains `events` after a head at `sequence` with `hash`.
    public static func chain(_ events: [AuditEvent], after sequence: Int64, hash: [UInt8]) -> [ChainedAuditEvent] {
        var (sequence, previous) = (sequence, hash)
        return events.map { event in
            sequence += 1
            let hash = Self.hash(of: event, sequence: sequence, previousHash: previous)
            defer { previous = hash }
            return ChainedAuditEvent(event: event, sequence: sequence, previousHash: previous, hash: hash)
        }
    }

    private static func integer(_ value: UInt64, into hasher: inout SHA256) {
        withUnsafeBytes(of: value.bigEndian) { hasher.update(bufferPointer: $0) }
    }

    private static func field(_ value: String?, into hasher: inout SHA256) {
        guard let value else {
            hasher.update(data: [0])
            return
        }
        hasher.update(data: [1])
        let bytes = Array(value.utf8)
        integer(UInt64(bytes.count), into: &hasher)
        hasher.update(data: bytes)
    }
}
