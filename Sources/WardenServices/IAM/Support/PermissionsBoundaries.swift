import PostgresNIO
import WardenAWS
import WardenShapes
import WardenStore

/// Permissions boundaries: a managed policy (the account's own or AWS's) set on a user or role.
enum PermissionsBoundaries {
    /// Checks that `arn` names a managed policy the caller's account can use as a boundary.
    /// - Throws: `NoSuchEntity` ("Scope ARN … does not exist or is not attachable.") as AWS answers.
    static func check(_ arn: String, _ call: OperationContext) async throws {
        if AWSManagedPolicy.named(arn) != nil { return }
        let found = try await call.transaction.rows(
            // FOR SHARE: a concurrent DeletePolicy waits for this transaction and then sees the boundary in use.
            "SELECT 1::int4 FROM iam_policies WHERE account_id = \(call.accountID) AND arn = \(arn) FOR SHARE", as: Int32.self)
        guard !found.isEmpty else {
            throw IAM.Errors.noSuchEntity("Scope ARN: \(arn) does not exist or is not attachable.")
        }
    }
}
