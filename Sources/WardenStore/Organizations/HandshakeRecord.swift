public import Foundation

/// A handshake as stored (an invitation to join an organization), with what its shape shows of the
/// sending organization: the management account's id, email and name, and the feature set.
public struct HandshakeRecord: Sendable, Hashable {
    public let handshakeID: String
    public let organizationID: String
    /// `INVITE`.
    public let action: String
    /// As stored: `OPEN` until answered; an open handshake past `expiresAt` is ``effectiveState(at:)`` `EXPIRED`.
    public let state: String
    /// `ACCOUNT` or `EMAIL`.
    public let targetType: String
    /// An account id or an email address.
    public let target: String
    public let notes: String?
    /// The tags the account gets when it accepts.
    public let tags: [TagRecord]
    public let requestedAt: Date
    public let expiresAt: Date
    /// When it was accepted, declined, canceled or marked expired.
    public let respondedAt: Date?
    public let managementAccountID: String
    public let managementEmail: String
    public let managementName: String
    public let featureSet: String

    public init(
        handshakeID: String, organizationID: String, action: String, state: String, targetType: String, target: String, notes: String?,
        tags: [TagRecord], requestedAt: Date, expiresAt: Date, respondedAt: Date? = nil, managementAccountID: String,
        managementEmail: String = "", managementName: String = "", featureSet: String = "ALL"
    ) {
        self.handshakeID = handshakeID
        self.organizationID = organizationID
        self.action = action
        self.state = state
        self.targetType = targetType
        self.target = target
        self.notes = notes
        self.tags = tags
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
        self.respondedAt = respondedAt
        self.managementAccountID = managementAccountID
        self.managementEmail = managementEmail
        self.managementName = managementName
        self.featureSet = featureSet
    }

    /// How long AWS keeps showing a handshake once it is closed (accepted, declined, canceled, expired).
    public static let closedVisibility: TimeInterval = 30 * 86_400

    /// The state at `now`: an open handshake past its expiry has expired, whether or not that was stored.
    public func effectiveState(at now: Date) -> String {
        state == "OPEN" && expiresAt <= now ? "EXPIRED" : state
    }

    /// Whether AWS still shows it at `now`: open, or closed less than 30 days ago.
    public func isVisible(at now: Date) -> Bool {
        let state = effectiveState(at: now)
        guard state != "OPEN" else { return true }
        let closed = respondedAt ?? expiresAt
        return now.timeIntervalSince(closed) < Self.closedVisibility
    }
}
