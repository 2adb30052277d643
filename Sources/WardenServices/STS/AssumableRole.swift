import Foundation
import PostgresNIO
import WardenPolicy
import WardenStore

/// The role an `AssumeRole…` call names, read once per call: the role authorized is the role the session is
/// issued for. No lock: a session of a role deleted meanwhile is refused on its first use (its role id no
/// longer exists).
enum AssumableRole {
    /// The role `roleARN` names, in the ARN's account, or nil when there is none or its account is not active
    /// (a role of a suspended or closing account cannot be assumed: as if it did not exist).
    static func named(_ roleARN: String, _ call: OperationContext) async throws -> IAMRoleRecord? {
        try await call.memo.value("AssumableRole") { () async throws -> IAMRoleRecord? in
            guard let arn = ARN(roleARN), arn.service == "iam", arn.resource.hasPrefix("role/"),
                arn.accountId.utf8.count == 12, arn.accountId.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let slash = arn.resource.lastIndex(of: "/")
            else { return nil }
            let path = String(arn.resource[arn.resource.index(arn.resource.startIndex, offsetBy: 4)...slash])
            let name = String(arn.resource[arn.resource.index(after: slash)...])
            guard let role = try await RoleRepository(transaction: call.transaction, accountID: arn.accountId).named(name), role.path == path
            else { return nil }
            let status = try await call.transaction.rows("SELECT status FROM accounts WHERE account_id = \(role.accountID)", as: String.self)
            guard status.first == "ACTIVE" else { return nil }
            return role
        }
    }

    static func arn(of role: IAMRoleRecord) -> String { "arn:aws:iam::\(role.accountID):role\(role.path)\(role.name)" }
}
