import Foundation
import WardenAWS
public import WardenShapes
import WardenStore

/// Invitations: the management account invites a standalone account (by id or email), which accepts or
/// declines; the sender may cancel while it is open. An open invitation expires after 15 days.
extension Organizations.InviteAccountToOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:InviteAccountToOrganization"

    /// How long an invitation stays open.
    static let lifetime: TimeInterval = 15 * 86_400

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        AccountTagKeys.conditionKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let managed = try await call.managedOrganization()
        // The organization's row serializes invitations (and account creations) against its quota.
        guard let organization = try await call.organizations.organization(id: managed.organizationID, lockForUpdate: true) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        let target = try validatedTarget(input.target)
        let tags = try AccountTagKeys.validated(input.tags, limit: Organizations.CreateAccount.tagLimit)
        // Tags for the account need their own permission, as AWS asks for `organizations:TagResource`.
        if !tags.isEmpty {
            try await call.requirePermission(
                "organizations:TagResource", on: "*", keys: AccountTagKeys.conditionKeys(input.tags), protocol: Organizations.protocol)
        }
        if let invited = try await invitedAccount(target, call), try await call.organizations.organization(ofAccount: invited) != nil {
            throw HandshakeErrors.alreadyInOrganization
        }
        try await call.handshakes.expireOverdue(organizationID: organization.organizationID, at: call.now)
        let open = try await call.handshakes.sent(byOrganization: organization.organizationID).filter { $0.effectiveState(at: call.now) == "OPEN" }
        let members = try await call.memberships(of: organization).count()
        guard members + open.count < AccountCreation.accountQuota else { throw HandshakeErrors.accountLimit }
        let handshake = HandshakeRecord(
            handshakeID: AWSIdentifier.handshakeID.generate(), organizationID: organization.organizationID, action: "INVITE", state: "OPEN",
            targetType: target.type, target: target.id, notes: input.notes, tags: tags, requestedAt: call.now,
            expiresAt: call.now.addingTimeInterval(lifetime), managementAccountID: organization.managementAccountID)
        do {
            try await call.handshakes.create(handshake)
        } catch StoreError.duplicate {
            throw Organizations.Errors.duplicateHandshakeException(
                "A handshake with the same action and target already exists. For example, if you invited an account to join your organization, the invited account might already have a pending invitation from this organization. If you intend to resend an invitation to an account, ensure that existing handshakes that might be considered duplicates are canceled or declined.")
        }
        guard let stored = try await call.handshakes.handshake(id: handshake.handshakeID) else { throw HandshakeErrors.notFound }
        return Output(handshake: stored.shape(at: call.now))
    }

    /// The invited party: an account id (12 digits) or an email address.
    /// - Throws: `InvalidInputException` (`INVALID_PARTY_TYPE_TARGET`, `INVALID_PATTERN`,
    ///   `INVALID_EMAIL_ADDRESS_TARGET`).
    static func validatedTarget(_ target: Organizations.HandshakeParty) throws(AWSServiceError) -> Organizations.HandshakeParty {
        switch target.type {
        case "ACCOUNT":
            guard AWSIdentifier.accountID.isValid(target.id) else {
                throw Organizations.Errors.invalidInputException(
                    "You provided a value that doesn't match the required pattern.", reason: "INVALID_PATTERN")
            }
            return target
        case "EMAIL":
            guard AccountCreation.isValidEmail(target.id) else {
                throw Organizations.Errors.invalidInputException(
                    "You specified an invalid email address for the invited account owner.", reason: "INVALID_EMAIL_ADDRESS_TARGET")
            }
            return target
        default:
            throw Organizations.Errors.invalidInputException(
                "You specified the wrong type for the invited party.", reason: "INVALID_PARTY_TYPE_TARGET")
        }
    }

    /// The account the invitation is for, when Warden knows it.
    static func invitedAccount(_ target: Organizations.HandshakeParty, _ call: OperationContext) async throws -> String? {
        if target.type == "ACCOUNT" { return target.id }
        return try await call.handshakes.accountID(withEmail: target.id)
    }
}

extension Organizations.AcceptHandshake: ServiceOperation {
    public static let action: RequiredAction = "organizations:AcceptHandshake"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.handshakeARN(input.handshakeId)
    }

    /// The invited account joins under the root, `INVITED`, with the AWS-managed policy of every enabled
    /// policy type attached and the invitation's tags.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let handshake = try await call.receivedHandshake(input.handshakeId)
        try handshake.checkTransition(to: "ACCEPTED", at: call.now)
        if try await call.organizations.organization(ofAccount: call.accountID) != nil { throw HandshakeErrors.alreadyInOrganization }
        guard let organization = try await call.organizations.organization(id: handshake.organizationID, lockForUpdate: true) else {
            throw HandshakeErrors.notFound
        }
        let members = call.memberships(of: organization)
        guard try await members.count() < AccountCreation.accountQuota else { throw HandshakeErrors.accountLimit }
        do {
            try await call.organizations.addMember(call.accountID, to: organization.organizationID, joinedMethod: "INVITED", at: call.now)
        } catch StoreError.duplicate {
            throw HandshakeErrors.alreadyInOrganization
        }
        try await members.tag(call.accountID, handshake.tags)
        try await call.handshakes.respond(id: handshake.handshakeID, state: "ACCEPTED", at: call.now)
        return Output(handshake: try await answered(handshake.handshakeID, call))
    }

    /// The handshake as it is after an answer.
    static func answered(_ handshakeID: String, _ call: OperationContext) async throws -> Organizations.Handshake {
        guard let handshake = try await call.handshakes.handshake(id: handshakeID) else { throw HandshakeErrors.notFound }
        return handshake.shape(at: call.now)
    }
}

extension Organizations.DeclineHandshake: ServiceOperation {
    public static let action: RequiredAction = "organizations:DeclineHandshake"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.handshakeARN(input.handshakeId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let handshake = try await call.receivedHandshake(input.handshakeId)
        try handshake.checkTransition(to: "DECLINED", at: call.now)
        try await call.handshakes.respond(id: handshake.handshakeID, state: "DECLINED", at: call.now)
        return Output(handshake: try await Organizations.AcceptHandshake.answered(handshake.handshakeID, call))
    }
}

extension Organizations.CancelHandshake: ServiceOperation {
    public static let action: RequiredAction = "organizations:CancelHandshake"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.handshakeARN(input.handshakeId)
    }

    /// Only the sender (the organization's management account) cancels; the recipient declines instead.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let handshake = try await call.handshakes.handshake(id: input.handshakeId, lock: true), handshake.isVisible(at: call.now) else {
            throw HandshakeErrors.notFound
        }
        guard handshake.managementAccountID == call.accountID else {
            if handshake.isSent(to: call.accountID, email: try await call.callerEmail()) { throw OrganizationsAccess.managementAccountOnly }
            throw HandshakeErrors.notFound
        }
        try handshake.checkTransition(to: "CANCELED", at: call.now)
        try await call.handshakes.respond(id: handshake.handshakeID, state: "CANCELED", at: call.now)
        return Output(handshake: try await Organizations.AcceptHandshake.answered(handshake.handshakeID, call))
    }
}

extension Organizations.DescribeHandshake: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeHandshake"
    public static var access: OperationAccess { .read }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.handshakeARN(input.handshakeId)
    }

    /// Its recipient and its organization's management account (or a member the organization delegates
    /// reading to) see it; to anyone else it does not exist.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let handshake = try await call.handshakes.handshake(id: input.handshakeId), handshake.isVisible(at: call.now) else {
            throw HandshakeErrors.notFound
        }
        if handshake.isSent(to: call.accountID, email: try await call.callerEmail()) {
            return Output(handshake: handshake.shape(at: call.now))
        }
        guard let organization = try await call.organizations.organization(ofAccount: call.accountID),
            organization.organizationID == handshake.organizationID
        else { throw HandshakeErrors.notFound }
        _ = try await call.managedOrganization(delegable: true, resource: handshake.arn)
        return Output(handshake: handshake.shape(at: call.now))
    }
}

extension Organizations.ListHandshakesForAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListHandshakesForAccount"

    /// The invitations the caller's account received, by its id or its email address, from any organization.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let received = try await call.handshakes.received(byAccount: call.accountID, email: try await call.callerEmail())
        let visible = try HandshakeErrors.filter(received.filter { $0.isVisible(at: call.now) }, by: input.filter)
        let page = try OrganizationsPagination.page(visible, nextToken: input.nextToken, maxResults: input.maxResults) { $0.listKey }
        return Output(handshakes: page.items.map { $0.shape(at: call.now) }, nextToken: page.nextToken)
    }
}

extension Organizations.ListHandshakesForOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListHandshakesForOrganization"

    /// The handshakes the caller's organization sent.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let sent = try await call.handshakes.sent(byOrganization: organization.organizationID)
        let visible = try HandshakeErrors.filter(sent.filter { $0.isVisible(at: call.now) }, by: input.filter)
        let page = try OrganizationsPagination.page(visible, nextToken: input.nextToken, maxResults: input.maxResults) { $0.listKey }
        return Output(handshakes: page.items.map { $0.shape(at: call.now) }, nextToken: page.nextToken)
    }
}
