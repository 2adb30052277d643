import PostgresNIO
import WardenPolicy
import WardenStore

/// The tags of the resource a call acts on, as the request keys `aws:ResourceTag/<key>` (and
/// `iam:ResourceTag/<key>` for IAM's resources): users, roles, customer managed policies and MFA devices,
/// and the organization's accounts, OUs, roots and policies. Read only for decisions whose policies read
/// them (``CompiledPolicy/readsResourceTags``), once per resource and call.
enum ResourceTags {
    static func keys(of resource: String, _ call: OperationContext) async throws -> [String: [String]] {
        try await call.memo.value("ResourceTags:" + resource) {
            guard let arn = ARN(resource) else { return [:] }
            let tags = try await read(arn, resource: resource, call.transaction)
            var keys: [String: [String]] = [:]
            for (key, value) in tags {
                keys["aws:ResourceTag/" + key] = [value]
                if arn.service == "iam" { keys["iam:ResourceTag/" + key] = [value] }
            }
            return keys
        }
    }

    private static func read(_ arn: ARN, resource: String, _ transaction: StoreTransaction) async throws -> [(String, String)] {
        let kind = arn.resource.prefix { $0 != "/" }
        let last = String(arn.resource.split(separator: "/").last ?? "")
        switch (arn.service, kind) {
        case ("iam", "user"):
            return try await transaction.rows(
                """
                SELECT t->>'Key', t->>'Value' FROM iam_users, jsonb_array_elements(tags) t
                WHERE account_id = \(arn.accountId) AND lower(name) = lower(\(last))
                """, as: (String, String).self)
        case ("iam", "role"):
            return try await transaction.rows(
                """
                SELECT t->>'Key', t->>'Value' FROM iam_roles, jsonb_array_elements(tags) t
                WHERE account_id = \(arn.accountId) AND lower(name) = lower(\(last))
                """, as: (String, String).self)
        case ("iam", "policy"):
            return try await transaction.rows(
                "SELECT t->>'Key', t->>'Value' FROM iam_policies, jsonb_array_elements(tags) t WHERE arn = \(resource)",
                as: (String, String).self)
        case ("iam", "mfa"):
            return try await transaction.rows(
                """
                SELECT t->>'Key', t->>'Value' FROM iam_mfa_devices, jsonb_array_elements(tags) t
                WHERE account_id = \(arn.accountId) AND name = \(last)
                """, as: (String, String).self)
        case ("organizations", "account"), ("organizations", "ou"), ("organizations", "root"), ("organizations", "policy"):
            return try await transaction.rows("SELECT key, value FROM org_tags WHERE resource_id = \(last)", as: (String, String).self)
        default:
            return []
        }
    }
}
