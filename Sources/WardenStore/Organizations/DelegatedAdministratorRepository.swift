public import Foundation
import PostgresNIO

/// The delegated administrators of one organization, on the call's transaction.
public struct DelegatedAdministratorRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    /// Registers `accountID` (a member) for `servicePrincipal`. - Throws: ``StoreError/duplicate(_:)`` when it
    /// already is.
    public func register(_ accountID: String, for servicePrincipal: String, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_delegated_administrators (account_id, service_principal, delegated_at)
            VALUES (\(accountID), \(servicePrincipal), \(date))
            """)
    }

    /// Deregisters; false when `accountID` was not registered for `servicePrincipal`.
    public func deregister(_ accountID: String, for servicePrincipal: String) async throws -> Bool {
        try await transaction.count(
            """
            WITH gone AS (
                DELETE FROM org_delegated_administrators d USING org_accounts m
                WHERE d.account_id = \(accountID) AND d.service_principal = \(servicePrincipal)
                  AND m.account_id = d.account_id AND m.organization_id = \(organizationID)
                RETURNING 1)
            SELECT count(*)::bigint FROM gone
            """) > 0
    }

    /// The delegated administrators ordered by account id, for `servicePrincipal` or for any service; the
    /// date is that of the account's earliest delegation among those listed.
    public func administrators(for servicePrincipal: String?) async throws -> [DelegatedAdministratorRecord] {
        try await transaction.rows(
            """
            SELECT \(unescaped: AccountMembershipRepository.columns), min(d.delegated_at)
            FROM org_delegated_administrators d
            JOIN org_accounts m ON m.account_id = d.account_id
            JOIN accounts a ON a.account_id = d.account_id
            WHERE m.organization_id = \(organizationID) AND (\(servicePrincipal)::text IS NULL OR d.service_principal = \(servicePrincipal))
            GROUP BY a.account_id, m.account_id
            ORDER BY a.account_id
            """, as: (String, String, String, String, Date?, String, String, String, Date, Date).self
        ).map { row in
            let account = AccountMembershipRepository.record((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8))
            return DelegatedAdministratorRecord(account: account, delegatedAt: row.9)
        }
    }

    /// The services `accountID` administers, ordered by service principal.
    public func services(of accountID: String) async throws -> [DelegatedServiceRecord] {
        try await transaction.rows(
            """
            SELECT d.service_principal, d.delegated_at FROM org_delegated_administrators d
            JOIN org_accounts m ON m.account_id = d.account_id
            WHERE d.account_id = \(accountID) AND m.organization_id = \(organizationID)
            ORDER BY d.service_principal
            """, as: (String, Date).self
        ).map { DelegatedServiceRecord(servicePrincipal: $0.0, delegatedAt: $0.1) }
    }

    /// Whether `accountID` is a delegated administrator for any service (AWS then lets it read the organization).
    public func isAdministrator(_ accountID: String) async throws -> Bool {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM org_delegated_administrators d JOIN org_accounts m ON m.account_id = d.account_id
            WHERE d.account_id = \(accountID) AND m.organization_id = \(organizationID)
            """) > 0
    }
}
