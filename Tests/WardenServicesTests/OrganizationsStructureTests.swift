import Foundation
import PostgresNIO
import Testing
import WardenServices
import WardenTestSupport

/// The organization, its root, policy types and organizational units, as AWS Organizations answers them.
@Suite struct OrganizationsStructureTests {
    static let other = "444455556666"

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func createOrganization(_ warden: WardenHarness, featureSet: String = "ALL") async throws -> (organizationID: String, rootID: String) {
        let created = await warden.json("CreateOrganization", ["FeatureSet": featureSet])
        guard created.status == 200, let id = created.string("Organization.Id") else { throw Failure("CreateOrganization: \(created)") }
        let roots = await warden.json("ListRoots")
        guard let rootID = roots.list("Roots").first?["Id"] as? String else { throw Failure("ListRoots: \(roots)") }
        return (id, rootID)
    }

    static func createUnit(_ warden: WardenHarness, _ name: String, in parentID: String) async throws -> String {
        let reply = await warden.json("CreateOrganizationalUnit", ["ParentId": parentID, "Name": name])
        guard reply.status == 200, let id = reply.string("OrganizationalUnit.Id") else { throw Failure("CreateOrganizationalUnit: \(reply)") }
        return id
    }

    /// A second account, standalone.
    static func insertAccount(_ warden: WardenHarness, _ accountID: String = other) async throws {
        try await warden.client.query(
            "INSERT INTO accounts (account_id, name, email) VALUES (\(accountID), \("acct-" + accountID), \(accountID + "@example.com"))",
            logger: warden.logger)
    }

    /// Makes `accountID` a member of `organizationID` under `parentID`, as the account engineers' operations will.
    static func addMember(_ warden: WardenHarness, _ accountID: String, to organizationID: String, parentID: String) async throws {
        try await warden.client.query(
            """
            INSERT INTO org_accounts (account_id, organization_id, parent_id, joined_method) VALUES (\(accountID), \(organizationID), \(parentID), 'CREATED')
            """, logger: warden.logger)
    }

    static func attachments(_ warden: WardenHarness, _ policyID: String) async throws -> Set<String> {
        var targets = Set<String>()
        let rows = try await warden.client.query(
            "SELECT coalesce(unit_id, account_id) FROM org_policy_attachments WHERE policy_id = \(policyID)", logger: warden.logger)
        for try await target in rows.decode(String.self) { targets.insert(target) }
        return targets
    }

    @Test func organizationLifecycle() async throws {
        try await WardenHarness.with { warden in
            let outside = await warden.json("DescribeOrganization")
            #expect(outside.errorCode == "AWSOrganizationsNotInUseException")
            #expect(outside.errorMessage == "Your account is not a member of an organization.")
            #expect(await warden.json("ListRoots").errorCode == "AWSOrganizationsNotInUseException")
            #expect(await warden.json("DeleteOrganization").errorCode == "AWSOrganizationsNotInUseException")

            let created = await warden.json("CreateOrganization")
            #expect(created.status == 200, "\(created)")
            let id = try #require(created.string("Organization.Id"))
            #expect(id.wholeMatch(of: /o-[a-z0-9]{10,32}/) != nil)
            #expect(created.string("Organization.Arn") == "arn:aws:organizations::\(warden.accountID):organization/\(id)")
            #expect(created.string("Organization.FeatureSet") == "ALL")
            #expect(created.string("Organization.MasterAccountId") == warden.accountID)
            #expect(created.string("Organization.MasterAccountArn") == "arn:aws:organizations::\(warden.accountID):account/\(id)/\(warden.accountID)")
            #expect(created.string("Organization.MasterAccountEmail")?.contains("@") == true)
            let available = created.list("Organization.AvailablePolicyTypes")
            #expect(available.count == 1 && available.first?["Type"] as? String == "SERVICE_CONTROL_POLICY")

            let again = await warden.json("CreateOrganization", ["FeatureSet": "CONSOLIDATED_BILLING"])
            #expect(again.errorCode == "AlreadyInOrganizationException")

            let described = await warden.json("DescribeOrganization")
            #expect(described.string("Organization.Id") == id)

            // As in AWS, a new organization has no policy type enabled on its root.
            let roots = await warden.json("ListRoots")
            #expect(roots.status == 200, "\(roots)")
            let root = try #require(roots.list("Roots").first)
            let rootID = try #require(root["Id"] as? String)
            #expect(rootID.wholeMatch(of: /r-[0-9a-z]{4,32}/) != nil)
            #expect(root["Name"] as? String == "Root")
            #expect(root["Arn"] as? String == "arn:aws:organizations::\(warden.accountID):root/\(id)/\(rootID)")
            #expect((root["PolicyTypes"] as? [Any])?.isEmpty == true)
            #expect(roots["NextToken"] == nil)
            #expect(try await Self.attachments(warden, "p-FullAWSAccess").isEmpty)

            // The management account sits in the root.
            let parents = await warden.json("ListParents", ["ChildId": warden.accountID])
            #expect(parents.list("Parents").first?["Id"] as? String == rootID)
            #expect(parents.list("Parents").first?["Type"] as? String == "ROOT")
            let children = await warden.json("ListChildren", ["ParentId": rootID, "ChildType": "ACCOUNT"])
            #expect(children.list("Children").compactMap { $0["Id"] as? String } == [warden.accountID])

            _ = try await Self.createUnit(warden, "Workloads", in: rootID)
            #expect(await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"]).status == 200)
            let deleted = await warden.json("DeleteOrganization")
            #expect(deleted.status == 200, "\(deleted)")
            #expect(await warden.json("DescribeOrganization").errorCode == "AWSOrganizationsNotInUseException")
            let leftovers = try await warden.client.query(
                "SELECT (SELECT count(*) FROM org_units) + (SELECT count(*) FROM org_accounts) + (SELECT count(*) FROM org_policy_attachments)",
                logger: warden.logger)
            for try await count in leftovers.decode(Int.self) { #expect(count == 0) }

            let billing = await warden.json("CreateOrganization", ["FeatureSet": "CONSOLIDATED_BILLING"])
            #expect(billing.string("Organization.FeatureSet") == "CONSOLIDATED_BILLING")
            #expect(billing.list("Organization.AvailablePolicyTypes").isEmpty)
            #expect(billing.string("Organization.Id") != id)
        }
    }

    @Test func deleteOrganizationNeedsNoMembers() async throws {
        try await WardenHarness.with { warden in
            let (organizationID, rootID) = try await Self.createOrganization(warden)
            try await Self.insertAccount(warden)
            try await Self.addMember(warden, Self.other, to: organizationID, parentID: rootID)
            let refused = await warden.json("DeleteOrganization")
            #expect(refused.errorCode == "OrganizationNotEmptyException")
            #expect(
                refused.errorMessage
                    == "The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.")
            try await warden.client.query("DELETE FROM org_accounts WHERE account_id = \(Self.other)", logger: warden.logger)
            #expect(await warden.json("DeleteOrganization").status == 200)
        }
    }

    @Test func policyTypes() async throws {
        try await WardenHarness.with { warden in
            let (organizationID, rootID) = try await Self.createOrganization(warden)
            let unit = try await Self.createUnit(warden, "Before", in: rootID)
            try await Self.insertAccount(warden)
            try await Self.addMember(warden, Self.other, to: organizationID, parentID: unit)

            let enabled = await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(enabled.status == 200, "\(enabled)")
            #expect(enabled.string("Root.Id") == rootID)
            let types = enabled.list("Root.PolicyTypes")
            #expect(types.count == 1 && types.first?["Type"] as? String == "SERVICE_CONTROL_POLICY" && types.first?["Status"] as? String == "ENABLED")
            #expect(try await Self.attachments(warden, "p-FullAWSAccess") == [rootID, unit, warden.accountID, Self.other])
            #expect(try await Self.attachments(warden, "p-RCPFullAWSAccess").isEmpty)

            let twice = await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(twice.errorCode == "PolicyTypeAlreadyEnabledException")
            #expect(twice.errorMessage == "The specified policy type is already enabled.")

            // A new OU gets FullAWSAccess as in AWS.
            let after = try await Self.createUnit(warden, "After", in: unit)
            #expect(try await Self.attachments(warden, "p-FullAWSAccess").contains(after))

            #expect(await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "RESOURCE_CONTROL_POLICY"]).status == 200)
            #expect(try await Self.attachments(warden, "p-RCPFullAWSAccess") == [rootID, unit, after, warden.accountID, Self.other])
            #expect(await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "TAG_POLICY"]).status == 200)
            let listed = await warden.json("ListRoots")
            #expect(
                listed.list("Roots").first.flatMap { ($0["PolicyTypes"] as? [[String: Any]])?.compactMap { $0["Type"] as? String } }
                    == ["RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"])

            let disabled = await warden.json("DisablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(disabled.status == 200, "\(disabled)")
            #expect(disabled.list("Root.PolicyTypes").count == 2)
            #expect(try await Self.attachments(warden, "p-FullAWSAccess").isEmpty)
            #expect(try await Self.attachments(warden, "p-RCPFullAWSAccess").count == 5)
            let notEnabled = await warden.json("DisablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(notEnabled.errorCode == "PolicyTypeNotEnabledException")

            let wrongRoot = await warden.json("EnablePolicyType", ["RootId": "r-zzzz", "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(wrongRoot.errorCode == "RootNotFoundException")
            #expect(wrongRoot.errorMessage == "We can't find a root with the RootId that you specified.")
            let badType = await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "NOT_A_POLICY"])
            #expect(badType.status == 400)
        }
    }

    @Test func consolidatedBillingHasNoPolicyTypes() async throws {
        try await WardenHarness.with { warden in
            let (_, rootID) = try await Self.createOrganization(warden, featureSet: "CONSOLIDATED_BILLING")
            let refused = await warden.json("EnablePolicyType", ["RootId": rootID, "PolicyType": "SERVICE_CONTROL_POLICY"])
            #expect(refused.errorCode == "PolicyTypeNotAvailableForOrganizationException")
        }
    }

    @Test func organizationalUnits() async throws {
        try await WardenHarness.with { warden in
            let (organizationID, rootID) = try await Self.createOrganization(warden)
            let created = await warden.json(
                "CreateOrganizationalUnit", ["ParentId": rootID, "Name": "Production", "Tags": [["Key": "team", "Value": "core"]]])
            #expect(created.status == 200, "\(created)")
            let production = try #require(created.string("OrganizationalUnit.Id"))
            #expect(production.hasPrefix("ou-\(rootID.dropFirst(2))-"))
            #expect(created.string("OrganizationalUnit.Name") == "Production")
            #expect(created.string("OrganizationalUnit.Arn") == "arn:aws:organizations::\(warden.accountID):ou/\(organizationID)/\(production)")
            #expect(created.string("OrganizationalUnit.Path") == "\(organizationID)/\(rootID)/\(production)/")
            let tags = try await warden.client.query(
                "SELECT key || '=' || value FROM org_tags WHERE resource_id = \(production)", logger: warden.logger)
            for try await tag in tags.decode(String.self) { #expect(tag == "team=core") }

            let duplicate = await warden.json("CreateOrganizationalUnit", ["ParentId": rootID, "Name": "Production"])
            #expect(duplicate.errorCode == "DuplicateOrganizationalUnitException")
            #expect(duplicate.errorMessage == "An OU with the same name already exists.")
            let nested = try await Self.createUnit(warden, "Production", in: production)
            let missingParent = await warden.json("CreateOrganizationalUnit", ["ParentId": "ou-zzzz-zzzzzzzz", "Name": "x"])
            #expect(missingParent.errorCode == "ParentNotFoundException")
            #expect(missingParent.errorMessage == "We can't find a root or OU with the ParentId that you specified.")
            let badTags = await warden.json(
                "CreateOrganizationalUnit", ["ParentId": rootID, "Name": "t", "Tags": [["Key": "k", "Value": "1"], ["Key": "k", "Value": "2"]]])
            #expect(badTags.errorCode == "InvalidInputException")
            #expect(badTags["Reason"] as? String == "DUPLICATE_TAG_KEY")

            let described = await warden.json("DescribeOrganizationalUnit", ["OrganizationalUnitId": nested])
            #expect(described.string("OrganizationalUnit.Path") == "\(organizationID)/\(rootID)/\(production)/\(nested)/")
            #expect(await warden.json("DescribeOrganizationalUnit", ["OrganizationalUnitId": "ou-zzzz-zzzzzzzz"]).errorCode
                == "OrganizationalUnitNotFoundException")

            let renamed = await warden.json("UpdateOrganizationalUnit", ["OrganizationalUnitId": nested, "Name": "Payments"])
            #expect(renamed.string("OrganizationalUnit.Name") == "Payments")
            #expect(await warden.json("DescribeOrganizationalUnit", ["OrganizationalUnitId": nested]).string("OrganizationalUnit.Name") == "Payments")
            let sibling = try await Self.createUnit(warden, "Ledger", in: production)
            #expect(await warden.json("UpdateOrganizationalUnit", ["OrganizationalUnitId": sibling, "Name": "Payments"]).errorCode
                == "DuplicateOrganizationalUnitException")

            let parents = await warden.json("ListParents", ["ChildId": nested])
            #expect(parents.list("Parents").first?["Id"] as? String == production)
            #expect(parents.list("Parents").first?["Type"] as? String == "ORGANIZATIONAL_UNIT")
            #expect(await warden.json("ListParents", ["ChildId": "ou-zzzz-zzzzzzzz"]).errorCode == "ChildNotFoundException")
            #expect(await warden.json("ListParents", ["ChildId": "999999999999"]).errorCode == "ChildNotFoundException")
            let children = await warden.json("ListChildren", ["ParentId": production, "ChildType": "ORGANIZATIONAL_UNIT"])
            #expect(Set(children.list("Children").compactMap { $0["Id"] as? String }) == [nested, sibling])
            #expect(children.list("Children").allSatisfy { $0["Type"] as? String == "ORGANIZATIONAL_UNIT" })
            #expect(await warden.json("ListChildren", ["ParentId": "r-zzzz", "ChildType": "ACCOUNT"]).errorCode == "ParentNotFoundException")

            // Only an empty OU can be deleted.
            let notEmpty = await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": production])
            #expect(notEmpty.errorCode == "OrganizationalUnitNotEmptyException")
            try await Self.insertAccount(warden)
            try await Self.addMember(warden, Self.other, to: organizationID, parentID: sibling)
            #expect(await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": sibling]).errorCode == "OrganizationalUnitNotEmptyException")
            #expect(await warden.json("ListParents", ["ChildId": Self.other]).list("Parents").first?["Id"] as? String == sibling)
            #expect(await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": nested]).status == 200)
            #expect(await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": nested]).errorCode == "OrganizationalUnitNotFoundException")
            #expect(await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": rootID]).status == 400)
        }
    }

    @Test func depthLimit() async throws {
        try await WardenHarness.with { warden in
            let (_, rootID) = try await Self.createOrganization(warden)
            var parent = rootID
            for level in 1...5 { parent = try await Self.createUnit(warden, "level\(level)", in: parent) }
            let tooDeep = await warden.json("CreateOrganizationalUnit", ["ParentId": parent, "Name": "level6"])
            #expect(tooDeep.errorCode == "ConstraintViolationException")
            #expect(tooDeep["Reason"] as? String == "OU_DEPTH_LIMIT_EXCEEDED")
        }
    }

    @Test func pagination() async throws {
        try await WardenHarness.with { warden in
            let (_, rootID) = try await Self.createOrganization(warden)
            var created = Set<String>()
            for index in 1...5 { created.insert(try await Self.createUnit(warden, "unit\(index)", in: rootID)) }
            for operation in ["ListOrganizationalUnitsForParent", "ListChildren"] {
                var seen: [String] = []
                var token: String?
                var pages = 0
                repeat {
                    var body: [String: any Sendable] = ["ParentId": rootID, "MaxResults": 2]
                    if operation == "ListChildren" { body["ChildType"] = "ORGANIZATIONAL_UNIT" }
                    if let token { body["NextToken"] = token }
                    let page = await warden.json(operation, body)
                    #expect(page.status == 200, "\(page)")
                    let items = page.list(operation == "ListChildren" ? "Children" : "OrganizationalUnits")
                    #expect(items.count <= 2)
                    seen += items.compactMap { $0["Id"] as? String }
                    token = page.string("NextToken")
                    pages += 1
                } while token != nil && pages < 10
                #expect(pages == 3)
                #expect(seen.count == 5 && Set(seen) == created)
            }
            let invalid = await warden.json("ListChildren", ["ParentId": rootID, "ChildType": "ACCOUNT", "NextToken": "%%%"])
            #expect(invalid.errorCode == "InvalidInputException")
        }
    }

    @Test func memberAccountsAreRefused() async throws {
        try await WardenHarness.with { warden in
            // The harness's account joins an organization managed by another account.
            try await Self.insertAccount(warden)
            try await warden.client.query(
                "INSERT INTO organizations (organization_id, management_account_id) VALUES ('o-membertest1', \(Self.other))", logger: warden.logger)
            try await warden.client.query(
                """
                INSERT INTO org_units (unit_id, organization_id, parent_id, kind, name, depth)
                VALUES ('r-mbr1', 'o-membertest1', NULL, 'ROOT', 'Root', 0), ('ou-mbr1-aaaaaaaa', 'o-membertest1', 'r-mbr1', 'ORGANIZATIONAL_UNIT', 'A', 1)
                """, logger: warden.logger)
            try await Self.addMember(warden, Self.other, to: "o-membertest1", parentID: "r-mbr1")
            try await Self.addMember(warden, warden.accountID, to: "o-membertest1", parentID: "r-mbr1")

            let described = await warden.json("DescribeOrganization")
            #expect(described.status == 200, "\(described)")
            #expect(described.string("Organization.MasterAccountId") == Self.other)
            #expect(await warden.json("CreateOrganization").errorCode == "AlreadyInOrganizationException")
            for (operation, body) in [
                ("ListRoots", [:]), ("DeleteOrganization", [:]),
                ("CreateOrganizationalUnit", ["ParentId": "r-mbr1", "Name": "x"]),
                ("DescribeOrganizationalUnit", ["OrganizationalUnitId": "ou-mbr1-aaaaaaaa"]),
                ("ListChildren", ["ParentId": "r-mbr1", "ChildType": "ACCOUNT"]),
                ("EnablePolicyType", ["RootId": "r-mbr1", "PolicyType": "SERVICE_CONTROL_POLICY"]),
                ("DeleteOrganizationalUnit", ["OrganizationalUnitId": "ou-mbr1-aaaaaaaa"]),
            ] as [(String, [String: any Sendable])] {
                let refused = await warden.json(operation, body)
                #expect(refused.errorCode == "AccessDeniedException", "\(operation): \(refused)")
                #expect(refused.errorMessage == "You don't have permissions to access this resource.")
            }
        }
    }

    @Test func authorizationUsesTheTreesARNs() async throws {
        try await WardenHarness.with { warden in
            let (organizationID, rootID) = try await Self.createOrganization(warden)
            let unit = try await Self.createUnit(warden, "Team", in: rootID)
            let unitARN = "arn:aws:organizations::\(warden.accountID):ou/\(organizationID)/\(unit)"
            let rootARN = "arn:aws:organizations::\(warden.accountID):root/\(organizationID)/\(rootID)"
            let policy = """
                {"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"organizations:DescribeOrganizationalUnit","Resource":"\(unitARN)"},
                {"Effect":"Allow","Action":"organizations:CreateOrganizationalUnit","Resource":"\(rootARN)"}]}
                """
            let alice = try await warden.user("alice", policy: policy)
            #expect(await warden.json("DescribeOrganizationalUnit", ["OrganizationalUnitId": unit], as: alice).status == 200)
            #expect(await warden.json("CreateOrganizationalUnit", ["ParentId": rootID, "Name": "A"], as: alice).status == 200)
            let nested = await warden.json("CreateOrganizationalUnit", ["ParentId": unit, "Name": "B"], as: alice)
            #expect(nested.errorCode == "AccessDeniedException")
            #expect(nested.errorMessage?.contains(unitARN) == true, "\(nested)")
            #expect(await warden.json("ListRoots", as: alice).errorCode == "AccessDeniedException")
            // Tags on a new OU need organizations:TagResource too, as in AWS.
            let tagged = await warden.json("CreateOrganizationalUnit", ["ParentId": rootID, "Name": "T", "Tags": [["Key": "k", "Value": "v"]]], as: alice)
            #expect(tagged.errorCode == "AccessDeniedException")
            #expect(tagged.errorMessage?.contains("organizations:TagResource") == true, "\(tagged)")
        }
    }

    /// A concurrent DeleteOrganizationalUnit and an account moving into the OU: either the move lands first
    /// and the deletion is refused, or the deletion wins and the move fails; never an account under a
    /// deleted OU.
    @Test func deletingAnOUWhileAnAccountMovesIn() async throws {
        try await WardenHarness.with { warden in
            let (organizationID, rootID) = try await Self.createOrganization(warden)
            try await Self.insertAccount(warden)
            try await Self.addMember(warden, Self.other, to: organizationID, parentID: rootID)
            var outcomes = Set<String>()
            for round in 0..<12 {
                let unit = try await Self.createUnit(warden, "target\(round)", in: rootID)
                let delay = Double(round % 4) * 0.01
                async let moved: Bool = {
                    do {
                        try await warden.client.withConnection { connection in
                            try await connection.query("BEGIN", logger: warden.logger)
                            do {
                                try await connection.query("SELECT pg_sleep(\(delay))", logger: warden.logger)
                                try await connection.query(
                                    "UPDATE org_accounts SET parent_id = \(unit) WHERE account_id = \(Self.other)", logger: warden.logger)
                                try await connection.query("SELECT pg_sleep(0.02)", logger: warden.logger)
                                try await connection.query("COMMIT", logger: warden.logger)
                            } catch {
                                _ = try? await connection.query("ROLLBACK", logger: warden.logger)
                                throw error
                            }
                        }
                        return true
                    } catch {
                        return false
                    }
                }()
                try await Task.sleep(for: .milliseconds(15))
                let deleted = await warden.json("DeleteOrganizationalUnit", ["OrganizationalUnitId": unit])
                let movedIn = await moved
                if deleted.status == 200 {
                    #expect(!movedIn)
                    outcomes.insert("deleted")
                } else {
                    #expect(deleted.errorCode == "OrganizationalUnitNotEmptyException", "\(deleted)")
                    #expect(movedIn)
                    outcomes.insert("refused")
                }
                let parent = await warden.json("ListParents", ["ChildId": Self.other]).list("Parents").first?["Id"] as? String
                let parentID = try #require(parent)
                if parentID != rootID {
                    #expect(await warden.json("DescribeOrganizationalUnit", ["OrganizationalUnitId": parentID]).status == 200)
                }
                try await warden.client.query("UPDATE org_accounts SET parent_id = \(rootID) WHERE account_id = \(Self.other)", logger: warden.logger)
            }
            #expect(!outcomes.isEmpty)
        }
    }
}
