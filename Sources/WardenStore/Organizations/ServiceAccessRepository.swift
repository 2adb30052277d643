public import Foundation
import PostgresNIO

/// The AWS services with trusted access to one organization (`EnableAWSServiceAccess`), on the call's
/// transaction.
public struct ServiceAccessRepository: Sendable {
    public let transaction: StoreTransaction
    public let organizationID: String

    public init(transaction: StoreTransaction, organizationID: String) {
        self.transaction = transaction
        self.organizationID = organizationID
    }

    /// Enables `servicePrincipal`; enabling it again keeps the first date.
    public func enable(_ servicePrincipal: String, at date: Date) async throws {
        try await transaction.execute(
            """
            INSERT INTO org_service_access (organization_id, service_principal, enabled_at)
            VALUES (\(organizationID), \(servicePrincipal), \(date)) ON CONFLICT DO NOTHING
            """)
    }

    /// Disables `servicePrincipal` (nothing when it was not enabled).
    public func disable(_ servicePrincipal: String) async throws {
        try await transaction.execute(
            "DELETE FROM org_service_access WHERE organization_id = \(organizationID) AND service_principal = \(servicePrincipal)")
    }

    /// Whether `servicePrincipal` has trusted access.
    public func isEnabled(_ servicePrincipal: String) async throws -> Bool {
        try await transaction.count(
            """
            SELECT count(*)::bigint FROM org_service_access
            WHERE organization_id = \(organizationID) AND service_principal = \(servicePrincipal)
            """) > 0
    }

    /// The enabled services and when, ordered by service principal.
    public func enabled() async throws -> [(servicePrincipal: String, enabledAt: Date)] {
        try await transaction.rows(
            """
            SELECT service_principal, enabled_at FROM org_service_access
            WHERE organization_id = \(organizationID) ORDER BY service_principal
            """, as: (String, Date).self
        ).map { (servicePrincipal: $0.0, enabledAt: $0.1) }
    }
}
