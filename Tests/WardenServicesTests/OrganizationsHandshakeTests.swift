import Foundation
import PostgresNIO
import Testing
import WardenServices
import WardenStore
import WardenTestSupport

/// Bringing standalone accounts in (invitations and their answers), leaving, delegated administrators,
/// trusted service access and the organization's resource-based delegation policy, as AWS Organizations
/// answers them.
@Suite struct OrganizationsHandshakeTests {
    /// The caller's organization (through CreateOrganization; in SQL when it does not answer).
    static func organize(_ warden: WardenHarness, featureSet: String = "ALL") async throws -> String {
        let created = await warden.json("CreateOrganization", ["FeatureSet": featureSet])
        if created.status == 200, let id = created.string("Organization.Id") { return id }
        let id = "o-exampleorg1", root = "r-ex01"
        try await warden.client.query(
            "INSERT INTO organizations (organization_id, management_account_id, feature_set) VALUES (\(id), \(warden.accountID), \(featureSet))",
            logger: warden.logger)
        try await warden.client.query(
            "INSERT INTO org_units (unit_id, organization_id, kind, name, depth) VALUES (\(root), \(id), 'ROOT', 'Root', 0)", logger: warden.logger)
        try await warden.client.query(
            """
            INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method) VALUES (\(warden.accountID), \(id), \(root), 'INVITED')
            """, logger: warden.logger)
        return id
    }

    /// A standalone account made as `warden accounts create` makes it, with its root credentials.
    static func signUp(_ warden: WardenHarness, _ name: String) async throws -> (accountID: String, credentials: WardenHarness.Credentials) {
        let root = try await AccountSignUp(client: warden.client, sealer: warden.environment.secrets)
            .run(name: name, email: "\(name)@example.com", logger: warden.logger)
        return (root.accountID, WardenHarness.Credentials(accessKeyID: root.accessKeyID, secretAccessKey: root.secretAccessKey))
    }

    /// A standalone account invited and joined; returns it.
    static func join(_ warden: WardenHarness, _ name: String) async throws -> (accountID: String, credentials: WardenHarness.Credentials) {
        let account = try await signUp(warden, name)
        let invited = await warden.json("InviteAccountToOrganization", ["Target": ["Id": account.accountID, "Type": "ACCOUNT"]])
        let handshakeID = try #require(invited.string("Handshake.Id"), "\(invited)")
        let accepted = await warden.json("AcceptHandshake", ["HandshakeId": handshakeID], as: account.credentials)
        #expect(accepted.status == 200, "\(accepted)")
        return account
    }

    static func strings(_ warden: WardenHarness, _ query: PostgresQuery) async throws -> [String] {
        var result: [String] = []
        for try await value in try await warden.client.query(query, logger: warden.logger).decode(String.self) { result.append(value) }
        return result
    }

    static func delegationPolicy(_ accountID: String, actions: [String]) -> String {
        let list = actions.map { "\"organizations:\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":[{"Sid":"Delegate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(accountID):root"},"Action":[\#(list)],"Resource":"*"}]}"#
    }

    @Test func invitationAcceptedMakesAMember() async throws {
        try await WardenHarness.with { warden in
            let organizationID = try await Self.organize(warden)
            let invitee = try await Self.signUp(warden, "invitee")
            let invited = await warden.json(
                "InviteAccountToOrganization",
                ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"], "Notes": "join us", "Tags": [["Key": "team", "Value": "blue"]]])
            #expect(invited.status == 200, "\(invited)")
            let handshakeID = try #require(invited.string("Handshake.Id"))
            #expect(handshakeID.hasPrefix("h-"))
            #expect(invited.string("Handshake.Arn") == "arn:aws:organizations::\(warden.accountID):handshake/\(organizationID)/invite/\(handshakeID)")
            #expect(invited.string("Handshake.State") == "OPEN")
            #expect(invited.string("Handshake.Action") == "INVITE")
            let parties = invited.list("Handshake.Parties").map { "\($0["Type"] ?? ""):\($0["Id"] ?? "")" }
            #expect(parties == ["ORGANIZATION:\(organizationID)", "ACCOUNT:\(invitee.accountID)"])
            let resources = invited.list("Handshake.Resources")
            #expect(resources.map { $0["Type"] as? String } == ["ORGANIZATION", "ACCOUNT", "NOTES"])
            let organization = try #require(resources.first?["Resources"] as? [[String: any Sendable]])
            #expect(organization.map { $0["Type"] as? String } == ["MASTER_EMAIL", "MASTER_NAME", "ORGANIZATION_FEATURE_SET"])
            #expect(organization.last?["Value"] as? String == "ALL")
            let requested = try #require(invited["Handshake.RequestedTimestamp"] as? Double)
            let expires = try #require(invited["Handshake.ExpirationTimestamp"] as? Double)
            #expect(abs(expires - requested - 15 * 86_400) < 1)

            // One open invitation per target.
            let again = await warden.json("InviteAccountToOrganization", ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"]])
            #expect(again.errorCode == "DuplicateHandshakeException", "\(again)")

            // Both sides see it; the sender cannot accept it.
            #expect(await warden.json("ListHandshakesForAccount", as: invitee.credentials).list("Handshakes").count == 1)
            #expect(await warden.json("ListHandshakesForOrganization").list("Handshakes").count == 1)
            #expect(await warden.json("ListHandshakesForAccount").list("Handshakes").isEmpty)
            #expect(await warden.json("DescribeHandshake", ["HandshakeId": handshakeID], as: invitee.credentials).string("Handshake.Id") == handshakeID)
            #expect(await warden.json("AcceptHandshake", ["HandshakeId": handshakeID]).errorCode == "AccessDeniedException")

            let accepted = await warden.json("AcceptHandshake", ["HandshakeId": handshakeID], as: invitee.credentials)
            #expect(accepted.status == 200, "\(accepted)")
            #expect(accepted.string("Handshake.State") == "ACCEPTED")
            let membership = try await Self.strings(
                warden, "SELECT joined_method || ' ' || organization_id FROM org_accounts WHERE account_id = \(invitee.accountID)")
            #expect(membership == ["INVITED \(organizationID)"])
            #expect(try await Self.strings(warden, "SELECT value FROM org_tags WHERE resource_id = \(invitee.accountID) AND key = 'team'") == ["blue"])
            let listed = await warden.json("ListAccounts")
            if listed.status == 200 {
                #expect(listed.list("Accounts").contains { $0["Id"] as? String == invitee.accountID && $0["JoinedMethod"] as? String == "INVITED" })
            }
            #expect(await warden.json("DescribeOrganization", as: invitee.credentials).errorCode != "AWSOrganizationsNotInUseException")

            #expect(await warden.json("AcceptHandshake", ["HandshakeId": handshakeID], as: invitee.credentials).errorCode == "HandshakeAlreadyInStateException")
            #expect(await warden.json("CancelHandshake", ["HandshakeId": handshakeID]).errorCode == "InvalidHandshakeTransitionException")
            let member = await warden.json("InviteAccountToOrganization", ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"]])
            #expect(member.errorCode == "HandshakeConstraintViolationException", "\(member)")
            #expect(member["Reason"] as? String == "ALREADY_IN_AN_ORGANIZATION")

            // Standalone accounts cannot invite; members cannot either.
            let outsider = try await Self.signUp(warden, "outsider")
            let refused = await warden.json("InviteAccountToOrganization", ["Target": ["Id": outsider.accountID, "Type": "ACCOUNT"]], as: outsider.credentials)
            #expect(refused.errorCode == "AWSOrganizationsNotInUseException")
            let byMember = await warden.json("InviteAccountToOrganization", ["Target": ["Id": outsider.accountID, "Type": "ACCOUNT"]], as: invitee.credentials)
            #expect(byMember.errorCode == "AccessDeniedException")
        }
    }

    @Test func invitationsDeclinedAndCanceled() async throws {
        try await WardenHarness.with { warden in
            _ = try await Self.organize(warden)
            let invitee = try await Self.signUp(warden, "erin")
            let stranger = try await Self.signUp(warden, "mallory")
            let bad = await warden.json("InviteAccountToOrganization", ["Target": ["Id": "not-an-email", "Type": "EMAIL"]])
            #expect(bad["Reason"] as? String == "INVALID_EMAIL_ADDRESS_TARGET", "\(bad)")
            let byEmail = await warden.json("InviteAccountToOrganization", ["Target": ["Id": "Erin@Example.com", "Type": "EMAIL"]])
            let first = try #require(byEmail.string("Handshake.Id"), "\(byEmail)")
            #expect(byEmail.list("Handshake.Parties").last?["Type"] as? String == "EMAIL")
            // The account with that email (any case) receives it; anyone else does not see it.
            let received = await warden.json("ListHandshakesForAccount", ["Filter": ["ActionType": "INVITE"]], as: invitee.credentials)
            #expect(received.list("Handshakes").map { $0["Id"] as? String } == [first])
            #expect(await warden.json("ListHandshakesForAccount", as: stranger.credentials).list("Handshakes").isEmpty)
            #expect(await warden.json("DescribeHandshake", ["HandshakeId": first], as: stranger.credentials).errorCode == "HandshakeNotFoundException")
            #expect(await warden.json("DeclineHandshake", ["HandshakeId": first], as: stranger.credentials).errorCode == "HandshakeNotFoundException")
            let both = await warden.json("ListHandshakesForAccount", ["Filter": ["ActionType": "INVITE", "ParentHandshakeId": first]], as: invitee.credentials)
            #expect(both.errorCode == "InvalidInputException")

            let declined = await warden.json("DeclineHandshake", ["HandshakeId": first], as: invitee.credentials)
            #expect(declined.string("Handshake.State") == "DECLINED", "\(declined)")
            #expect(await warden.json("DeclineHandshake", ["HandshakeId": first], as: invitee.credentials).errorCode == "HandshakeAlreadyInStateException")
            #expect(await warden.json("AcceptHandshake", ["HandshakeId": first], as: invitee.credentials).errorCode == "InvalidHandshakeTransitionException")
            #expect(try await Self.strings(warden, "SELECT account_id FROM org_accounts WHERE account_id = \(invitee.accountID)").isEmpty)

            // A declined invitation is no longer open: the organization may invite again, then cancel.
            let second = await warden.json("InviteAccountToOrganization", ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"]])
            let secondID = try #require(second.string("Handshake.Id"), "\(second)")
            #expect(await warden.json("CancelHandshake", ["HandshakeId": secondID], as: invitee.credentials).errorCode == "AccessDeniedException")
            let canceled = await warden.json("CancelHandshake", ["HandshakeId": secondID])
            #expect(canceled.string("Handshake.State") == "CANCELED", "\(canceled)")
            #expect(await warden.json("CancelHandshake", ["HandshakeId": secondID]).errorCode == "HandshakeAlreadyInStateException")
            #expect(await warden.json("AcceptHandshake", ["HandshakeId": secondID], as: invitee.credentials).errorCode == "InvalidHandshakeTransitionException")
            let states = await warden.json("ListHandshakesForOrganization").list("Handshakes").compactMap { $0["State"] as? String }
            #expect(states == ["DECLINED", "CANCELED"])
            let page = await warden.json("ListHandshakesForOrganization", ["MaxResults": 1])
            #expect(page.list("Handshakes").count == 1)
            let rest = await warden.json("ListHandshakesForOrganization", ["NextToken": try #require(page.string("NextToken"))])
            #expect(rest.list("Handshakes").map { $0["Id"] as? String } == [secondID])
            #expect(await warden.json("DescribeHandshake", ["HandshakeId": "h-0000000000"]).errorCode == "HandshakeNotFoundException")
        }
    }

    @Test func invitationsExpire() async throws {
        let clock = MFATestClock()
        try await WardenHarness.with(clock: { clock.now }) { warden in
            _ = try await Self.organize(warden)
            let invitee = try await Self.signUp(warden, "late")
            let invited = await warden.json("InviteAccountToOrganization", ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"]])
            let handshakeID = try #require(invited.string("Handshake.Id"), "\(invited)")
            clock.advance(15 * 86_400 + 1)
            #expect(await warden.json("DescribeHandshake", ["HandshakeId": handshakeID]).string("Handshake.State") == "EXPIRED")
            #expect(await warden.json("AcceptHandshake", ["HandshakeId": handshakeID], as: invitee.credentials).errorCode == "InvalidHandshakeTransitionException")
            // An expired invitation is not a duplicate of a new one.
            let again = await warden.json("InviteAccountToOrganization", ["Target": ["Id": invitee.accountID, "Type": "ACCOUNT"]])
            #expect(again.status == 200, "\(again)")
            // Closed handshakes are shown for 30 days.
            clock.advance(30 * 86_400)
            #expect(await warden.json("DescribeHandshake", ["HandshakeId": handshakeID]).errorCode == "HandshakeNotFoundException")
            #expect(await warden.json("ListHandshakesForAccount", as: invitee.credentials).list("Handshakes").count == 1)
        }
    }

    @Test func membersLeave() async throws {
        try await WardenHarness.with { warden in
            let organizationID = try await Self.organize(warden)
            let member = try await Self.join(warden, "leaver")
            let outsider = try await Self.signUp(warden, "alone")
            #expect(await warden.json("LeaveOrganization").errorCode == "MasterCannotLeaveOrganizationException")
            #expect(await warden.json("LeaveOrganization", as: outsider.credentials).errorCode == "AWSOrganizationsNotInUseException")

            // A delegated administrator must be deregistered first.
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": "config.amazonaws.com"]).status == 200)
            let registered = await warden.json(
                "RegisterDelegatedAdministrator", ["AccountId": member.accountID, "ServicePrincipal": "config.amazonaws.com"])
            #expect(registered.status == 200, "\(registered)")
            let blocked = await warden.json("LeaveOrganization", as: member.credentials)
            #expect(blocked["Reason"] as? String == "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG", "\(blocked)")
            #expect(
                await warden.json("DeregisterDelegatedAdministrator", ["AccountId": member.accountID, "ServicePrincipal": "config.amazonaws.com"])
                    .status == 200)

            let left = await warden.json("LeaveOrganization", as: member.credentials)
            #expect(left.status == 200, "\(left)")
            #expect(try await Self.strings(warden, "SELECT account_id FROM org_accounts WHERE account_id = \(member.accountID)").isEmpty)
            #expect(try await Self.strings(warden, "SELECT key FROM org_tags WHERE resource_id = \(member.accountID)").isEmpty)
            #expect(await warden.json("LeaveOrganization", as: member.credentials).errorCode == "AWSOrganizationsNotInUseException")

            // An account the organization created waits four days.
            let created = try await Self.signUp(warden, "fresh")
            let root = try #require(try await Self.strings(warden, "SELECT unit_id FROM org_units WHERE organization_id = \(organizationID) AND kind = 'ROOT'").first)
            try await warden.client.query(
                """
                INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method)
                VALUES (\(created.accountID), \(organizationID), \(root), 'CREATED')
                """, logger: warden.logger)
            let waiting = await warden.json("LeaveOrganization", as: created.credentials)
            #expect(waiting.errorCode == "ConstraintViolationException")
            #expect(waiting["Reason"] as? String == "WAIT_PERIOD_ACTIVE")
            try await warden.client.query(
                "UPDATE org_accounts SET joined_at = now() - interval '5 days' WHERE account_id = \(created.accountID)", logger: warden.logger)
            #expect(await warden.json("LeaveOrganization", as: created.credentials).status == 200)
        }
    }

    @Test func delegatedAdministratorsAndServiceAccess() async throws {
        try await WardenHarness.with { warden in
            _ = try await Self.organize(warden)
            let admin = try await Self.join(warden, "admin")
            let other = try await Self.join(warden, "other")
            let service = "guardduty.amazonaws.com"
            let early = await warden.json("RegisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": service])
            #expect(early["Reason"] as? String == "SERVICE_ACCESS_NOT_ENABLED", "\(early)")
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": "not a service"]).errorCode == "InvalidInputException")
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": service]).status == 200)
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": "config.amazonaws.com"]).status == 200)
            #expect(await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": service], as: admin.credentials).errorCode == "AccessDeniedException")
            let enabled = await warden.json("ListAWSServiceAccessForOrganization")
            #expect(enabled.list("EnabledServicePrincipals").compactMap { $0["ServicePrincipal"] as? String } == ["config.amazonaws.com", service])

            let master = await warden.json("RegisterDelegatedAdministrator", ["AccountId": warden.accountID, "ServicePrincipal": service])
            #expect(master["Reason"] as? String == "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR", "\(master)")
            let stranger = await warden.json("RegisterDelegatedAdministrator", ["AccountId": "999999999999", "ServicePrincipal": service])
            #expect(stranger.errorCode == "AccountNotFoundException")
            #expect(await warden.json("RegisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": service]).status == 200)
            #expect(
                await warden.json("RegisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": service]).errorCode
                    == "AccountAlreadyRegisteredException")
            #expect(
                await warden.json("RegisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": "config.amazonaws.com"]).status
                    == 200)

            let listed = await warden.json("ListDelegatedAdministrators")
            #expect(listed.list("DelegatedAdministrators").map { $0["Id"] as? String } == [admin.accountID], "\(listed)")
            let first = try #require(listed.list("DelegatedAdministrators").first)
            #expect(first["JoinedMethod"] as? String == "INVITED")
            #expect(first["Status"] as? String == "ACTIVE")
            #expect(first["DelegationEnabledDate"] is Double)
            #expect(await warden.json("ListDelegatedAdministrators", ["ServicePrincipal": "ssm.amazonaws.com"]).list("DelegatedAdministrators").isEmpty)
            let services = await warden.json("ListDelegatedServicesForAccount", ["AccountId": admin.accountID])
            #expect(services.list("DelegatedServices").compactMap { $0["ServicePrincipal"] as? String } == ["config.amazonaws.com", service])
            #expect(await warden.json("ListDelegatedServicesForAccount", ["AccountId": other.accountID]).errorCode == "AccountNotRegisteredException")

            // A delegated administrator reads the organization; it does not manage it. Other members do neither.
            #expect(await warden.json("ListDelegatedAdministrators", as: admin.credentials).status == 200)
            #expect(await warden.json("ListAWSServiceAccessForOrganization", as: admin.credentials).status == 200)
            #expect(await warden.json("ListHandshakesForOrganization", as: admin.credentials).status == 200)
            #expect(
                await warden.json("RegisterDelegatedAdministrator", ["AccountId": other.accountID, "ServicePrincipal": service], as: admin.credentials)
                    .errorCode == "AccessDeniedException")
            #expect(await warden.json("ListDelegatedAdministrators", as: other.credentials).errorCode == "AccessDeniedException")

            #expect(await warden.json("DeregisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": service]).status == 200)
            #expect(
                await warden.json("DeregisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": service]).errorCode
                    == "AccountNotRegisteredException")
            #expect(
                await warden.json("DeregisterDelegatedAdministrator", ["AccountId": admin.accountID, "ServicePrincipal": "config.amazonaws.com"])
                    .status == 200)
            #expect(await warden.json("ListDelegatedAdministrators", as: admin.credentials).errorCode == "AccessDeniedException")
            #expect(await warden.json("DisableAWSServiceAccess", ["ServicePrincipal": service]).status == 200)
            let after = await warden.json("ListAWSServiceAccessForOrganization")
            #expect(after.list("EnabledServicePrincipals").compactMap { $0["ServicePrincipal"] as? String } == ["config.amazonaws.com"])
        }
    }

    @Test func trustedAccessNeedsAllFeatures() async throws {
        try await WardenHarness.with { warden in
            _ = try await Self.organize(warden, featureSet: "CONSOLIDATED_BILLING")
            let refused = await warden.json("EnableAWSServiceAccess", ["ServicePrincipal": "config.amazonaws.com"])
            #expect(refused["Reason"] as? String == "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE", "\(refused)")
        }
    }

    @Test func resourcePolicyDelegatesToNamedMembers() async throws {
        try await WardenHarness.with { warden in
            let organizationID = try await Self.organize(warden)
            let trusted = try await Self.join(warden, "trusted")
            let untrusted = try await Self.join(warden, "untrusted")
            #expect(await warden.json("DescribeResourcePolicy").errorCode == "ResourcePolicyNotFoundException")
            #expect(await warden.json("DeleteResourcePolicy").errorCode == "ResourcePolicyNotFoundException")
            let identity = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            #expect(await warden.json("PutResourcePolicy", ["Content": identity]).errorCode == "InvalidInputException")

            let content = Self.delegationPolicy(
                trusted.accountID, actions: ["DescribeResourcePolicy", "ListAWSServiceAccessForOrganization", "ListRoots", "PutResourcePolicy"])
            let put = await warden.json("PutResourcePolicy", ["Content": content, "Tags": [["Key": "owner", "Value": "security"]]])
            #expect(put.status == 200, "\(put)")
            let policyID = try #require(put.string("ResourcePolicy.ResourcePolicySummary.Id"))
            #expect(policyID.hasPrefix("rp-"))
            #expect(
                put.string("ResourcePolicy.ResourcePolicySummary.Arn")
                    == "arn:aws:organizations::\(warden.accountID):resourcepolicy/\(organizationID)/\(policyID)")
            #expect(try await Self.strings(warden, "SELECT value FROM org_tags WHERE resource_id = \(policyID)") == ["security"])
            #expect(await warden.json("DescribeResourcePolicy").string("ResourcePolicy.Content") == content)
            #expect(await warden.json("PutResourcePolicy", ["Content": content], as: trusted.credentials).errorCode == "AccessDeniedException")

            // The member it names may call the reads it names; another member may not.
            #expect(await warden.json("DescribeResourcePolicy", as: trusted.credentials).string("ResourcePolicy.Content") == content)
            #expect(await warden.json("ListAWSServiceAccessForOrganization", as: trusted.credentials).status == 200)
            #expect(await warden.json("ListDelegatedAdministrators", as: trusted.credentials).errorCode == "AccessDeniedException")
            #expect(await warden.json("DescribeResourcePolicy", as: untrusted.credentials).errorCode == "AccessDeniedException")
            #expect(await warden.json("ListAWSServiceAccessForOrganization", as: untrusted.credentials).errorCode == "AccessDeniedException")
            let roots = await warden.json("ListRoots", as: trusted.credentials)
            if roots.errorCode != "AccessDeniedException" { #expect(roots.status == 200, "\(roots)") }
            #expect(await warden.json("ListRoots", as: untrusted.credentials).errorCode == "AccessDeniedException")

            // A new content keeps the id; a Deny in it refuses.
            let deny = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::\#(trusted.accountID):root"},"Action":"organizations:*","Resource":"*"}]}"#
            let replaced = await warden.json("PutResourcePolicy", ["Content": deny])
            #expect(replaced.string("ResourcePolicy.ResourcePolicySummary.Id") == policyID, "\(replaced)")
            #expect(await warden.json("DescribeResourcePolicy", as: trusted.credentials).errorCode == "AccessDeniedException")

            #expect(await warden.json("DeleteResourcePolicy").status == 200)
            #expect(await warden.json("DescribeResourcePolicy").errorCode == "ResourcePolicyNotFoundException")
            #expect(try await Self.strings(warden, "SELECT value FROM org_tags WHERE resource_id = \(policyID)").isEmpty)
        }
    }

    @Test func signUpMakesAStandaloneAccount() async throws {
        try await WardenHarness.with { warden in
            let account = try await Self.signUp(warden, "solo")
            #expect(await warden.json("ListHandshakesForAccount", as: account.credentials).status == 200)
            #expect(await warden.json("DescribeOrganization", as: account.credentials).errorCode == "AWSOrganizationsNotInUseException")
            await #expect(throws: AccountSignUpError.self) { _ = try await Self.signUp(warden, "solo") }
            await #expect(throws: AccountSignUpError.self) {
                _ = try await AccountSignUp(client: warden.client, sealer: warden.environment.secrets).run(name: "x", email: "nope", logger: warden.logger)
            }
        }
    }
}
