import Crypto
import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// `cloudtrail:LookupEvents`: the trail's events, newest first, filtered by one attribute and a time range.
/// An account sees the events recorded for it and those naming it as the other account of a cross-account
/// call; its organization's management account, or the organization's delegated administrator for
/// CloudTrail, sees every member's.
extension CloudTrail.LookupEvents: ServiceOperation {
    public static let action: RequiredAction = "cloudtrail:LookupEvents"
    public static let access = OperationAccess.read
    public static var changeScope: ChangeScope { .nothingCached }
    public static let readsAuditTrail = true

    /// How far back a lookup without `StartTime` reaches, as CloudTrail's event history.
    static let defaultWindow: TimeInterval = 90 * 86_400

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let attributes = input.lookupAttributes ?? []
        guard attributes.count <= 1 else {
            throw AWSServiceError.invalidLookupAttributes("You cannot specify more than one lookup attribute.")
        }
        var attribute: (key: AuditLookup.Attribute, value: String)?
        if let first = attributes.first {
            guard let key = AuditLookup.Attribute(rawValue: first.attributeKey) else {
                throw AWSServiceError.invalidLookupAttributes(
                    "AttributeKey \(first.attributeKey) is not valid; valid keys: \(AuditLookup.Attribute.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard (1...2000).contains(first.attributeValue.count) else {
                throw AWSServiceError.invalidLookupAttributes("AttributeValue must be 1 to 2000 characters long.")
            }
            if key == .readOnly, !["true", "false"].contains(first.attributeValue.lowercased()) {
                throw AWSServiceError.invalidLookupAttributes("The ReadOnly attribute value must be true or false.")
            }
            attribute = (key, first.attributeValue)
        }
        let end = input.endTime ?? call.now
        let start = input.startTime ?? end.addingTimeInterval(-defaultWindow)
        guard start <= end else {
            throw AWSServiceError(code: "InvalidTimeRangeException", message: "Start time must be before end time.", status: 400)
        }
        if input.eventCategory == "insight" { return Output(events: []) }  // Warden records no Insights events
        let limit = input.maxResults ?? 50
        var lookup = AuditLookup(
            accounts: [call.accountID], organizationID: try await AuditRepository.organizationView(of: call.accountID, call.transaction),
            startMicroseconds: AuditEvent.microseconds(start), endMicroseconds: AuditEvent.microseconds(end) + 1, limit: limit + 1)
        lookup.attribute = attribute
        // Bound to what the caller asked, not to defaults that move with the clock: the next page's keyset
        // already excludes anything newer.
        let fingerprint = PageToken.fingerprint(
            account: call.accountID, attribute: attribute, start: input.startTime.map(AuditEvent.microseconds), end: input.endTime.map(AuditEvent.microseconds))
        if let token = input.nextToken {
            guard let page = PageToken(token), page.fingerprint == fingerprint else {
                throw AWSServiceError(
                    code: "InvalidNextTokenException", message: "Invalid NextToken: it does not belong to a lookup with these parameters.",
                    status: 400)
            }
            lookup.after = (page.time, page.eventID)
        }
        let found = try await AuditRepository.lookup(lookup, call.transaction)
        let page = found.prefix(limit)
        let next = found.count > limit ? page.last.map { PageToken(time: $0.event.timeMicroseconds, eventID: $0.event.eventID, fingerprint: fingerprint).text } : nil
        return Output(
            events: page.map { stored in
                let event = stored.event
                return CloudTrail.Event(
                    eventId: event.eventID.uuidString.lowercased(), eventName: event.eventName, readOnly: event.readOnly ? "true" : "false",
                    accessKeyId: event.accessKeyID, eventTime: Date(timeIntervalSince1970: Double(event.timeMicroseconds / 1_000_000)),
                    eventSource: event.eventSource, username: event.username,
                    resources: event.resources.map { CloudTrail.Resource(resourceType: $0.type, resourceName: $0.name) },
                    cloudTrailEvent: event.document)
            },
            nextToken: next)
    }

    /// Where the next page starts, bound to the lookup it came from.
    struct PageToken {
        let time: Int64
        let eventID: UUID
        let fingerprint: String

        init(time: Int64, eventID: UUID, fingerprint: String) {
            self.time = time
            self.eventID = eventID
            self.fingerprint = fingerprint
        }

        init?(_ text: String) {
            guard text.count < 512, let data = Data(base64Encoded: text) else { return nil }
            let parts = String(decoding: data, as: UTF8.self).split(separator: "|").map(String.init)
            guard parts.count == 4, parts[0] == "v1", let time = Int64(parts[1]), let eventID = UUID(uuidString: parts[2]) else { return nil }
            self.init(time: time, eventID: eventID, fingerprint: parts[3])
        }

        var text: String { Data("v1|\(time)|\(eventID.uuidString)|\(fingerprint)".utf8).base64EncodedString() }

        static func fingerprint(account: String, attribute: (key: AuditLookup.Attribute, value: String)?, start: Int64?, end: Int64?) -> String {
            let text = "\(account)\u{0}\(attribute?.key.rawValue ?? "")\u{0}\(attribute?.value ?? "")\u{0}\(start ?? -1)\u{0}\(end ?? -1)"
            return SHA256.hash(data: Array(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        }
    }
}

extension AWSServiceError {
    static func invalidLookupAttributes(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "InvalidLookupAttributesException", message: message, status: 400)
    }
}
