import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

extension OperationContext {
    /// Handshakes, on the call's transaction.
    public var handshakes: HandshakeRepository { HandshakeRepository(transaction: transaction) }

    /// The ARN of handshake `handshakeID` for authorization: its sender's when it exists, else one under the
    /// caller's organization (authorization happens before the `HandshakeNotFoundException`).
    func handshakeARN(_ handshakeID: String) async throws -> String {
        if let handshake = try await handshakes.handshake(id: handshakeID) { return handshake.arn }
        return try await organizationARNs().handshake(handshakeID, action: "INVITE")
    }

    /// The caller's account's email address, which handshakes sent by email name.
    func callerEmail() async throws -> String {
        try await organizations.email(ofAccount: accountID) ?? ""
    }

    /// The handshake `handshakeID` as its recipient (the invited account) sees it.
    /// - Throws: `HandshakeNotFoundException` when it does not exist, is no longer shown, or was sent to
    ///   someone else; `AccessDeniedException` to its sender, who answers with `CancelHandshake`.
    func receivedHandshake(_ handshakeID: String) async throws -> HandshakeRecord {
        guard let handshake = try await handshakes.handshake(id: handshakeID, lock: true), handshake.isVisible(at: now) else {
            throw HandshakeErrors.notFound
        }
        guard handshake.isSent(to: accountID, email: try await callerEmail()) else {
            if handshake.managementAccountID == accountID { throw OrganizationsAccess.managementAccountOnly }
            throw HandshakeErrors.notFound
        }
        return handshake
    }
}

extension HandshakeRecord {
    /// `arn:aws:organizations::MANAGEMENT:handshake/o-…/invite/h-…`.
    public var arn: String {
        OrganizationARNBuilder(managementAccountID: managementAccountID, organizationID: organizationID).handshake(handshakeID, action: action)
    }

    /// Whether the handshake was sent to this account, by its id or its email address (any case).
    func isSent(to accountID: String, email: String) -> Bool {
        switch targetType {
        case "ACCOUNT": target == accountID
        default: !email.isEmpty && target.lowercased() == email.lowercased()
        }
    }

    /// The `Handshake` AWS returns at `now`: the parties (the organization and the invited account or
    /// email), and the resources (the organization with its management account's email and name and its
    /// feature set, the invited party, the notes).
    func shape(at now: Date) -> Organizations.Handshake {
        var resources = [
            Organizations.HandshakeResource(
                value: organizationID, type: "ORGANIZATION",
                resources: [
                    Organizations.HandshakeResource(value: managementEmail, type: "MASTER_EMAIL"),
                    Organizations.HandshakeResource(value: managementName, type: "MASTER_NAME"),
                    Organizations.HandshakeResource(value: featureSet, type: "ORGANIZATION_FEATURE_SET"),
                ]),
            Organizations.HandshakeResource(value: target, type: targetType),
        ]
        if let notes { resources.append(Organizations.HandshakeResource(value: notes, type: "NOTES")) }
        return Organizations.Handshake(
            id: handshakeID, arn: arn,
            parties: [Organizations.HandshakeParty(id: organizationID, type: "ORGANIZATION"), Organizations.HandshakeParty(id: target, type: targetType)],
            state: effectiveState(at: now), requestedTimestamp: requestedAt, expirationTimestamp: expiresAt, action: action, resources: resources)
    }

    /// Checks that an answer moving the handshake to `state` can be given at `now`.
    /// - Throws: `HandshakeAlreadyInStateException` when it is in `state` already,
    ///   `InvalidHandshakeTransitionException` when it is closed otherwise (accepted, declined, canceled,
    ///   expired).
    func checkTransition(to state: String, at now: Date) throws(AWSServiceError) {
        let current = effectiveState(at: now)
        if current == state {
            throw Organizations.Errors.handshakeAlreadyInStateException(
                "The specified handshake is already in the requested state. For example, you can't accept a handshake that was already accepted.")
        }
        guard current == "OPEN" else {
            throw Organizations.Errors.invalidHandshakeTransitionException(
                "You can't perform the operation on the handshake in its current state. For example, you can't cancel a handshake that was already accepted or accept a handshake that was already declined.")
        }
    }

    /// The sort key of lists and their `NextToken`: oldest first, by id within one instant.
    var listKey: String { String(format: "%020.6f", requestedAt.timeIntervalSince1970) + "|" + handshakeID }
}

/// The refusals of the handshake operations, in AWS's words.
enum HandshakeErrors {
    static let notFound = Organizations.Errors.handshakeNotFoundException(
        "We can't find a handshake with the HandshakeId that you specified.")
    static let alreadyInOrganization = Organizations.Errors.handshakeConstraintViolationException(
        "The handshake request is invalid because the invited account is already a member of an organization.",
        reason: "ALREADY_IN_AN_ORGANIZATION")
    static let accountLimit = Organizations.Errors.handshakeConstraintViolationException(
        "You attempted to exceed the limit on the number of accounts in an organization.", reason: "ACCOUNT_NUMBER_LIMIT_EXCEEDED")

    /// The handshakes a `HandshakeFilter` keeps: by `ActionType`, or the children of `ParentHandshakeId`
    /// (invitations have no parent, so none). - Throws: `InvalidInputException` (`MAX_FILTER_LIMIT_EXCEEDED`)
    /// when both are given.
    static func filter(_ handshakes: [HandshakeRecord], by filter: Organizations.HandshakeFilter?) throws(AWSServiceError) -> [HandshakeRecord] {
        guard let filter else { return handshakes }
        if filter.actionType != nil, filter.parentHandshakeId != nil {
            throw Organizations.Errors.invalidInputException(
                "You can specify only one filter parameter for the operation.", reason: "MAX_FILTER_LIMIT_EXCEEDED")
        }
        if filter.parentHandshakeId != nil { return [] }
        if let action = filter.actionType { return handshakes.filter { $0.action == action } }
        return handshakes
    }
}
