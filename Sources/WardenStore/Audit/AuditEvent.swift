public import Foundation

/// One recorded API call as it is stored: the CloudTrail document and the fields lookups search, before
/// it takes its place in its account's chain.
public struct AuditEvent: Sendable, Hashable {
    /// A resource the call acted on, as CloudTrail's `LookupEvents` names it (`AWS::IAM::User`, `Bob`).
    public struct Resource: Sendable, Hashable {
        public var type: String
        public var name: String

        public init(type: String, name: String) {
            self.type = type
            self.name = name
        }
    }

    /// The chain of calls whose access key names no account.
    public static let unattributedChain = "-"

    public var eventID: UUID
    /// When the call arrived, in whole microseconds since 1970 (what PostgreSQL keeps, exactly).
    public var timeMicroseconds: Int64
    /// The account the event is recorded for (its chain), or ``unattributedChain``.
    public var chain: String
    /// The other account of a cross-account call.
    public var otherAccountID: String?
    public var organizationID: String?
    public var eventSource: String
    public var eventName: String
    public var username: String?
    public var accessKeyID: String?
    public var readOnly: Bool
    public var resources: [Resource]
    public var errorCode: String?
    /// The CloudTrail event document, byte for byte what lookups and exports return.
    public var document: String

    public init(
        eventID: UUID, time: Date, chain: String, otherAccountID: String?, organizationID: String?, eventSource: String,
        eventName: String, username: String?, accessKeyID: String?, readOnly: Bool, resources: [Resource], errorCode: String?,
        document: String
    ) {
        self.eventID = eventID
        self.timeMicroseconds = Self.microseconds(time)
        self.chain = chain
        self.otherAccountID = otherAccountID
        self.organizationID = organizationID
        self.eventSource = eventSource
        self.eventName = eventName
        self.username = username
        self.accessKeyID = accessKeyID
        self.readOnly = readOnly
        self.resources = resources
        self.errorCode = errorCode
        self.document = document
    }

    public var time: Date { Date(timeIntervalSince1970: Double(timeMicroseconds) / 1_000_000) }

    /// What `LookupEvents` finds the event by (the `lookup_keys` column): derived from the hashed fields, so
    /// `warden audit verify` can tell when it was changed. The event id is not among them: it is time-ordered
    /// (``timeOrderedID(at:)``), so a lookup by id reads the millisecond it names on the time index.
    public var lookupKeys: [String] {
        typealias Attribute = AuditLookup.Attribute
        var keys = [Attribute.eventName.lookupKeyPrefix + eventName, Attribute.eventSource.lookupKeyPrefix + eventSource]
        if let username { keys.append(Attribute.username.lookupKeyPrefix + username) }
        if let accessKeyID { keys.append(Attribute.accessKeyID.lookupKeyPrefix + accessKeyID) }
        for resource in resources {
            keys.append(Attribute.resourceName.lookupKeyPrefix + resource.name)
            keys.append(Attribute.resourceType.lookupKeyPrefix + resource.type)
        }
        return keys
    }

    /// A random UUID whose first 48 bits are `time` in milliseconds since 1970 (RFC 9562's version 7): unique,
    /// and telling when its event happened.
    public static func timeOrderedID(at time: Date) -> UUID {
        let milliseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)))
        // A random UUID (one draw of the system generator) with its first 48 bits replaced by the time.
        var bytes = withUnsafeBytes(of: UUID().uuid) { Array($0) }
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
            bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The millisecond a ``timeOrderedID(at:)`` was made for; nil for other UUIDs.
    public static func millisecond(of id: UUID) -> Int64? {
        let bytes = id.uuid
        guard bytes.6 >> 4 == 7 else { return nil }
        return [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5].reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// `date` in whole microseconds since 1970, as events keep time.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }
}

/// An event in its chain: its place and the hashes that tie it to the one before.
public struct ChainedAuditEvent: Sendable, Hashable {
    public var event: AuditEvent
    public var sequence: Int64
    public var previousHash: [UInt8]
    public var hash: [UInt8]
    /// The `lookup_keys` as stored (nil before it is stored): must equal what the event's fields give.
    public var storedLookupKeys: [String]?

    public init(event: AuditEvent, sequence: Int64, previousHash: [UInt8], hash: [UInt8], storedLookupKeys: [String]? = nil) {
        self.event = event
        self.sequence = sequence
        self.previousHash = previousHash
        self.hash = hash
        self.storedLookupKeys = storedLookupKeys
    }
}
