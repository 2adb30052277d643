import Foundation
import WardenAWS
import WardenPolicy
import WardenStore

/// Turns a call's record into the event CloudTrail would deliver for it: `userIdentity` shaped by the kind
/// of caller, request parameters and response elements with secrets hidden, the error, the resources, and
/// the decision's explanation for a denial (`additionalEventData`).
enum CloudTrailEventDocument {
    static let eventVersion = "1.09"

    static func event(for record: AuditRecord) -> AuditEvent {
        let eventID = AuditEvent.timeOrderedID(at: record.time)
        let chain = record.accountID ?? AuditEvent.unattributedChain
        // Each ARN the call was authorized on, with what CloudTrail calls it (ARNs it does not list are left out).
        let named = record.resources.compactMap { arn in resource(of: arn).map { (arn: arn, resource: $0) } }
        let resources = named.map(\.resource)
        let otherAccount = record.resources.lazy.compactMap { ARN($0)?.accountId }.first { $0.count == 12 && $0 != record.accountID }
        var json = JSONText(capacity: 1536)
        json.beginObject()
        json.string("eventVersion", eventVersion)
        userIdentity(record, into: &json)
        json.timestamp("eventTime", record.time)
        json.string("eventSource", "\(record.service).amazonaws.com")
        json.string("eventName", record.operation)
        json.string("awsRegion", record.region ?? "us-east-1")
        json.string("sourceIPAddress", record.sourceIP ?? "AWS Internal")
        json.string("userAgent", record.userAgent ?? "")
        let errorCode: String?
        switch record.outcome {
        case .succeeded:
            errorCode = nil
        case .denied(_, let code, let message), .failed(let code, let message):
            errorCode = code
            json.string("errorCode", code)
            json.string("errorMessage", withoutEncodedMessage(message))
        }
        if let parameters = record.requestParameters?.json() {
            json.raw("requestParameters", parameters)
        } else {
            json.null("requestParameters")
        }
        if case .succeeded = record.outcome, !record.readOnly, let elements = record.responseElements?.json() {
            json.raw("responseElements", elements)
        } else {
            json.null("responseElements")
        }
        if case .denied(let decision, _, _) = record.outcome {
            json.beginObject("additionalEventData")
            json.string("authorizationDecision", decision.effect.rawValue)
            json.string("authorizationExplanation", decision.description)
            json.endObject()
        }
        json.string("requestID", record.requestID)
        json.string("eventID", eventID.uuidString.lowercased())
        json.bool("readOnly", record.readOnly)
        if !resources.isEmpty {
            json.beginArray("resources")
            for (arn, resource) in named {
                json.beginObject()
                json.string("accountId", ARN(arn).map(\.accountId).flatMap { $0.isEmpty ? nil : $0 })
                json.string("type", resource.type)
                json.string("ARN", arn)
                json.endObject()
            }
            json.endArray()
        }
        json.string("eventType", "AwsApiCall")
        json.bool("managementEvent", true)
        json.string("recipientAccountId", record.accountID)
        if otherAccount != nil { json.string("sharedEventID", eventID.uuidString.lowercased()) }
        json.string("eventCategory", "Management")
        json.endObject()
        return AuditEvent(
            eventID: eventID, time: record.time, chain: chain, otherAccountID: otherAccount, organizationID: nil,
            eventSource: "\(record.service).amazonaws.com", eventName: storable(record.operation), username: username(record).map(storable),
            accessKeyID: record.accessKeyID.map(storable), readOnly: record.readOnly,
            resources: resources.map { .init(type: $0.type, name: storable($0.name)) }, errorCode: errorCode.map(storable),
            document: json.string)
    }

    /// `text` as a PostgreSQL text column takes it: NUL (which a client can send in any member, and which the
    /// document escapes as `\u0000`) becomes U+FFFD in the searchable columns.
    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// CloudTrail's `userIdentity` for each kind of caller; for a call that failed authentication, what the
    /// signing key tells (its id and, when Warden knows it, its account).
    static func userIdentity(_ record: AuditRecord, into json: inout JSONText) {
        json.beginObject("userIdentity")
        defer { json.endObject() }
        guard let caller = record.caller else {
            // A key Warden issued names an IAM user's account; an unsigned call only the account it was aimed at.
            json.string("type", record.keyAccountID != nil && record.accessKeyID != nil ? "IAMUser" : "Unknown")
            json.string("accountId", record.keyAccountID)
            json.string("accessKeyId", record.accessKeyID)
            return
        }
        if case .webIdentity(let identity) = caller.kind {
            json.string("type", "WebIdentityUser")
            json.string("principalId", identity.principalID)
            json.string("userName", identity.subject)
            json.string("identityProvider", identity.providerURL)
            return
        }
        let session = caller.session
        switch caller.kind {
        case .root:
            json.string("type", "Root")
            json.string("principalId", caller.accountID)
        case .user(let userID, _, _):
            json.string("type", "IAMUser")
            json.string("principalId", userID)
        case .assumedRole:
            json.string("type", "AssumedRole")
            json.string("principalId", caller.userID)
        case .federatedUser:
            json.string("type", "FederatedUser")
            json.string("principalId", caller.userID)
        case .webIdentity:
            return
        }
        json.string("arn", caller.arn)
        json.string("accountId", caller.accountID)
        json.string("accessKeyId", caller.accessKeyID)
        if case .user(_, let name, _) = caller.kind { json.string("userName", name) }
        guard let session else { return }
        json.beginObject("sessionContext")
        switch caller.kind {
        case .assumedRole(let roleID, let roleName, _):
            json.beginObject("sessionIssuer")
            json.string("type", "Role")
            json.string("principalId", roleID)
            json.string("arn", session.roleARN)
            json.string("accountId", caller.accountID)
            json.string("userName", roleName)
            json.endObject()
        case .federatedUser:
            json.beginObject("sessionIssuer")
            json.string("type", session.userARN == nil ? "Root" : "IAMUser")
            json.string("principalId", session.principalID ?? caller.accountID)
            json.string("arn", session.userARN ?? "arn:aws:iam::\(caller.accountID):root")
            json.string("accountId", caller.accountID)
            json.string("userName", session.userARN.flatMap { $0.split(separator: "/").last.map(String.init) })
            json.endObject()
        case .root, .user, .webIdentity:
            break
        }
        json.beginObject("attributes")
        json.timestamp("creationDate", session.issuedAt)
        json.string("mfaAuthenticated", session.mfaAuthenticated ? "true" : "false")
        json.endObject()
        json.string("sourceIdentity", session.sourceIdentity)
        json.endObject()
    }

    /// The user name `LookupEvents` reports and filters on: the IAM user's name, `root`, the role session's
    /// name, or the federated user's name.
    static func username(_ record: AuditRecord) -> String? {
        switch record.caller?.kind {
        case .root: "root"
        case .user(_, let name, _): name
        case .assumedRole(_, _, let sessionName): sessionName
        case .federatedUser(let name, _): name
        case .webIdentity(let identity): identity.subject
        case nil: nil
        }
    }

    /// The resource type and name CloudTrail gives the resource an ARN names; nil for `*` and ARNs it does
    /// not list.
    static func resource(of arn: String) -> AuditEvent.Resource? {
        guard let parsed = ARN(arn) else { return nil }
        let resource = parsed.resource
        let kind = resource.prefix { $0 != "/" && $0 != ":" }
        let last = String(resource.split(separator: "/").last ?? Substring(resource))
        switch (parsed.service, kind) {
        case ("iam", "user"): return .init(type: "AWS::IAM::User", name: last)
        case ("iam", "role"): return .init(type: "AWS::IAM::Role", name: last)
        case ("iam", "group"): return .init(type: "AWS::IAM::Group", name: last)
        case ("iam", "policy"): return .init(type: "AWS::IAM::Policy", name: arn)
        case ("iam", "mfa"): return .init(type: "AWS::IAM::MFADevice", name: arn)
        case ("iam", "root"): return .init(type: "AWS::IAM::User", name: "root")
        case ("sts", "assumed-role"): return .init(type: "AWS::STS::AssumedRole", name: arn)
        case ("sts", "federated-user"): return .init(type: "AWS::STS::FederatedUser", name: arn)
        case ("organizations", "account"): return .init(type: "AWS::Organizations::Account", name: last)
        case ("organizations", "ou"): return .init(type: "AWS::Organizations::OrganizationalUnit", name: last)
        case ("organizations", "root"): return .init(type: "AWS::Organizations::Root", name: last)
        case ("organizations", "policy"): return .init(type: "AWS::Organizations::Policy", name: last)
        case ("organizations", "organization"): return .init(type: "AWS::Organizations::Organization", name: last)
        case ("organizations", "handshake"): return .init(type: "AWS::Organizations::Handshake", name: last)
        default: return nil
        }
    }

    /// The error message without the encoded authorization message (a sealed blob for the caller, not the
    /// trail; the explanation is recorded in the clear).
    static func withoutEncodedMessage(_ message: String) -> String {
        guard let range = message.range(of: " Encoded authorization failure message: ") else { return message }
        return String(message[..<range.lowerBound])
    }
}
