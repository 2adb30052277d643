import PostgresNIO
import WardenStore

extension OperationContext {
    /// `iam:PermissionsBoundary` for a request that changes a user's or role's permissions: the boundary the
    /// entity has now (AWS's condition key for Attach/Detach/Put/Delete{User,Role}Policy), or nothing.
    func permissionsBoundaryKey(ofUser userName: String? = nil, ofRole roleName: String? = nil) async throws -> [String: [String]] {
        let rows: [String?]
        if let userName {
            rows = try await transaction.rows(
                "SELECT permissions_boundary FROM iam_users WHERE account_id = \(accountID) AND lower(name) = lower(\(userName))", as: String?.self)
        } else if let roleName {
            rows = try await transaction.rows(
                "SELECT permissions_boundary FROM iam_roles WHERE account_id = \(accountID) AND lower(name) = lower(\(roleName))", as: String?.self)
        } else {
            return [:]
        }
        guard let boundary = rows.first ?? nil else { return [:] }
        return ["iam:PermissionsBoundary": [boundary]]
    }
}
