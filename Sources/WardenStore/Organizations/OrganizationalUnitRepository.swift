import Foundation
import PostgresNIO

/// The root and the organizational units of one organization, on the call's transaction.
///
/// Integrity is the schema's: a unit with accounts or OUs under it cannot be deleted (foreign keys without
/// cascade), so ``delete(unitID:)`` after ``children(of:)`` under the unit's `FOR UPDATE` lock can never
/// strand an account, whatever moves into the unit concurrently (the mover's foreign-key check waits for the
/// lock, then fails on the deleted row).
public struct OrganizationalUnitRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    static let columns = "unit_id, organization_id, parent_id, kind, name, depth, created_at"

    typealias Row = (String, String, String?, String, String, Int, Date)

    static func record(_ row: Row) -> OrganizationalUnitRecord {
        OrganizationalUnitRecord(
            unitID: row.0, organizationID: row.1, parentID: row.2, kind: row.3, name: row.4, depth: row.5, createdAt: row.6)
    }

    /// The root or OU `unitID` of this organization, or nil. `lockForUpdate` holds its row until the transaction
    /// ends: deleting waits for concurrent moves into the unit, and they wait for the deletion.
    public func unit(_ unitID: String, lockForUpdate: Bool = false) async throws -> OrganizationalUnitRecord? {
        let lock = lockForUpdate ? " FOR UPDATE" : ""
        return try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM org_units WHERE unit_id = \(unitID) AND organization_id = \(organizationID)\(unescaped: lock)",
            as: Row.self
        ).first.map(Self.record)
    }

    /// The organization's root.
    public func root() async throws -> OrganizationalUnitRecord? {
        try await transaction.rows(
            "SELECT \(unescaped: Self.columns) FROM org_units WHERE organization_id = \(organizationID) AND kind = 'ROOT'", as: Row.self
        ).first.map(Self.record)
    }

    /// Inserts a root or an OU. - Throws: ``StoreError/duplicate(_:)`` when its parent has an OU of that name
    /// already, ``StoreError/conflict(_:)`` when the parent is gone.
    public func create(_ unit: OrganizationalUnitRecord) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_units (unit_id, organization_id, parent_id, kind, name, depth, created_at)
            VALUES (\(unit.unitID), \(organizationID), \(unit.parentID), \(unit.kind), \(unit.name), \(unit.depth), \(unit.createdAt))
            """)
    }

    /// Renames an OU. - Throws: ``StoreError/duplicate(_:)`` when a sibling has that name.
    public func rename(_ unitID: String, to name: String) async throws {
        try await transaction.execute(
            "UPDATE org_units SET name = \(name) WHERE unit_id = \(unitID) AND organization_id = \(organizationID) AND kind = 'ORGANIZATIONAL_UNIT'")
    }

    /// Deletes an empty OU with its tags; its policy attachments go with it.
    /// - Throws: ``StoreError/conflict(_:)`` when something still sits in it.
    public func delete(unitID: String) async throws {
        try await transaction.execute("DELETE FROM org_tags WHERE organization_id = \(organizationID) AND resource_id = \(unitID)")
        try await transaction.execute(
            "DELETE FROM org_units WHERE unit_id = \(unitID) AND organization_id = \(organizationID) AND kind = 'ORGANIZATIONAL_UNIT'")
    }

    /// Whether accounts or OUs sit directly in `unitID`.
    public func children(of unitID: String) async throws -> (accounts: Bool, units: Bool) {
        let row = try await transaction.rows(
            """
            SELECT EXISTS (SELECT 1 FROM org_accounts WHERE parent_id = \(unitID)),
                   EXISTS (SELECT 1 FROM org_units WHERE parent_id = \(unitID))
            """, as: (Bool, Bool).self
        ).first
        return (row?.0 ?? false, row?.1 ?? false)
    }

    /// The OUs directly in `parentID`, ordered by id, after `after` (exclusive), at most `limit`.
    public func units(in parentID: String, after: String?, limit: Int) async throws -> [OrganizationalUnitRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: Self.columns) FROM org_units
            WHERE organization_id = \(organizationID) AND parent_id = \(parentID)
              AND (\(after)::text IS NULL OR unit_id COLLATE "C" > \(after)::text COLLATE "C")
            ORDER BY unit_id COLLATE "C" LIMIT \(limit)
            """, as: Row.self
        ).map(Self.record)
    }

    /// The ids of the accounts directly in `parentID`, ordered, after `after` (exclusive), at most `limit`.
    public func accountIDs(in parentID: String, after: String?, limit: Int) async throws -> [String] {
        try await transaction.rows(
            """
            SELECT account_id FROM org_accounts
            WHERE organization_id = \(organizationID) AND parent_id = \(parentID)
              AND (\(after)::text IS NULL OR account_id COLLATE "C" > \(after)::text COLLATE "C")
            ORDER BY account_id COLLATE "C" LIMIT \(limit)
            """, as: String.self)
    }

    /// The parent of member account `accountID`, or nil when it is not in this organization.
    public func parentID(ofAccount accountID: String) async throws -> String? {
        try await transaction.rows(
            "SELECT parent_id FROM org_accounts WHERE account_id = \(accountID) AND organization_id = \(organizationID)", as: String.self
        ).first
    }

    /// The number of OUs in the organization (the root not counted).
    public func count() async throws -> Int {
        try await transaction.count(
            "SELECT count(*)::bigint FROM org_units WHERE organization_id = \(organizationID) AND kind = 'ORGANIZATIONAL_UNIT'")
    }

    /// Serialises creations of OUs in the organization until the transaction ends, so that a count checked
    /// against the quota stays true until the insert commits.
    public func lockForCreation() async throws {
        try await transaction.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("org_units:" + organizationID), 0))")
    }

    /// The unit's path in AWS's form: the ids from the organization down to the unit, each followed by `/`
    /// (`o-…/r-…/ou-…/`).
    public func path(of unitID: String) async throws -> String {
        let chain = try await transaction.rows(
            """
            WITH RECURSIVE chain AS (
                SELECT unit_id, parent_id, depth FROM org_units WHERE unit_id = \(unitID) AND organization_id = \(organizationID)
                UNION ALL
                SELECT u.unit_id, u.parent_id, u.depth FROM org_units u JOIN chain c ON u.unit_id = c.parent_id
            )
            SELECT unit_id FROM chain ORDER BY depth
            """, as: String.self)
        return ([organizationID] + chain).map { $0 + "/" }.joined()
    }

    /// Sets tags on a resource of the organization (a new OU's `Tags`).
    public func addTags(resourceID: String, _ tags: [TagRecord]) async throws {
        for tag in tags {
            try await transaction.execute(
                """
                INSERT INTO org_tags (organization_id, resource_id, key, value) VALUES (\(organizationID), \(resourceID), \(tag.key), \(tag.value))
                ON CONFLICT (resource_id, key) DO UPDATE SET value = EXCLUDED.value
                """)
        }
    }
}
