public import Foundation
import PostgresNIO

/// An organization's birth and end, and the policy types enabled on its root.
extension OrganizationRepository {
    /// Creates the organization with its root, and makes its management account the first member (AWS reports
    /// it as joined by `INVITED`). - Throws: ``StoreError/duplicate(_:)`` when the account is in an
    /// organization already (a concurrent creation included).
    public func create(_ organization: OrganizationRecord, rootID: String, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO organizations (organization_id, management_account_id, feature_set, created_at)
            VALUES (\(organization.organizationID), \(organization.managementAccountID), \(organization.featureSet), \(date))
            """)
        let root = OrganizationalUnitRecord(
            unitID: rootID, organizationID: organization.organizationID, parentID: nil, kind: "ROOT", name: "Root", depth: 0, createdAt: date)
        try await OrganizationalUnitRepository(transaction: transaction, organizationID: organization.organizationID).create(root)
        try await addMember(
            organization.managementAccountID, to: organization.organizationID, parentID: rootID, joinedMethod: "INVITED", at: date)
    }

    /// Whether any organization uses the root or OU id `unitID` (ids are random; root ids are short).
    public func unitIDInUse(_ unitID: String) async throws -> Bool {
        try await transaction.rows("SELECT EXISTS (SELECT 1 FROM org_units WHERE unit_id = \(unitID))", as: Bool.self).first ?? false
    }

    /// The number of accounts in the organization besides its management account.
    public func memberCount(of organization: OrganizationRecord) async throws -> Int {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM org_accounts
            WHERE organization_id = \(organization.organizationID) AND account_id <> \(organization.managementAccountID)
            """)
    }

    /// Deletes the organization and everything in it: root, OUs, policies, attachments, tags, handshakes and
    /// the management account's membership. The caller holds the organization `FOR UPDATE` and has checked
    /// that no other member remains.
    public func delete(_ organizationID: String) async throws {
        try await transaction.execute("DELETE FROM org_policy_attachments WHERE organization_id = \(organizationID)")
        try await transaction.execute("DELETE FROM org_accounts WHERE organization_id = \(organizationID)")
        try await transaction.execute("DELETE FROM org_units WHERE organization_id = \(organizationID)")
        try await transaction.execute("DELETE FROM organizations WHERE organization_id = \(organizationID)")
    }

    /// The email address of an account (the organization's `MasterAccountEmail`).
    public func email(ofAccount accountID: String) async throws -> String? {
        try await transaction.rows("SELECT email FROM accounts WHERE account_id = \(accountID)", as: String.self).first
    }

    /// The policy types on a root and their status, ordered by type.
    public func policyTypes(root rootID: String) async throws -> [PolicyTypeStatusRecord] {
        try await transaction.rows(
            "SELECT policy_type, status FROM org_policy_types WHERE root_id = \(rootID) ORDER BY policy_type", as: (String, String).self
        ).map { PolicyTypeStatusRecord(policyType: $0.0, status: $0.1) }
    }

    /// Enables a policy type on the root and attaches its AWS-managed policy (`p-FullAWSAccess`,
    /// `p-RCPFullAWSAccess`) to the root, every OU and every account, as AWS does; types without one attach
    /// nothing. The caller holds the organization `FOR UPDATE`, so no unit or member appears meanwhile.
    /// - Throws: ``StoreError/duplicate(_:)`` when the type is enabled already.
    public func enablePolicyType(_ policyType: String, organizationID: String, rootID: String) async throws {
        try await transaction.execute(
            "INSERT INTO org_policy_types (root_id, policy_type, status) VALUES (\(rootID), \(policyType), 'ENABLED')")
        try await transaction.execute(
            """
            INSERT INTO org_policy_attachments (organization_id, policy_id, policy_type, unit_id, account_id)
            SELECT \(organizationID), p.policy_id, p.policy_type, u.unit_id, NULL
            FROM org_policies p CROSS JOIN org_units u
            WHERE p.organization_id IS NULL AND p.policy_type = \(policyType) AND u.organization_id = \(organizationID)
            UNION ALL
            SELECT \(organizationID), p.policy_id, p.policy_type, NULL, a.account_id
            FROM org_policies p CROSS JOIN org_accounts a
            WHERE p.organization_id IS NULL AND p.policy_type = \(policyType) AND a.organization_id = \(organizationID)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Disables a policy type on the root, detaching every policy of that type from the root, the OUs and
    /// the accounts (the policies themselves remain). Returns false when the type was not enabled.
    public func disablePolicyType(_ policyType: String, organizationID: String, rootID: String) async throws -> Bool {
        let removed = try await transaction.rows(
            "DELETE FROM org_policy_types WHERE root_id = \(rootID) AND policy_type = \(policyType) RETURNING policy_type", as: String.self)
        guard !removed.isEmpty else { return false }
        try await transaction.execute(
            "DELETE FROM org_policy_attachments WHERE organization_id = \(organizationID) AND policy_type = \(policyType)")
        return true
    }
}
