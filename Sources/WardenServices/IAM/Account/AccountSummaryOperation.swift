public import WardenAWS
import PostgresNIO
public import WardenShapes
import WardenStore

/// `GetAccountSummary`: the account's entity counts and AWS's default IAM quotas.
extension IAM.GetAccountSummary: ServiceOperation {
    public static let action: RequiredAction = "iam:GetAccountSummary"

    /// AWS's default quotas, as GetAccountSummary reports them.
    static let quotas: [String: Int] = [
        "UsersQuota": 5000, "GroupsQuota": 300, "RolesQuota": 1000, "PoliciesQuota": 1500, "ServerCertificatesQuota": 20,
        "InstanceProfilesQuota": 1000, "UserPolicySizeQuota": 2048, "GroupPolicySizeQuota": 5120, "RolePolicySizeQuota": 10240,
        "PolicySizeQuota": 6144, "AssumeRolePolicySizeQuota": 2048, "GroupsPerUserQuota": 10, "SigningCertificatesPerUserQuota": 2,
        "AccessKeysPerUserQuota": 2, "AttachedPoliciesPerGroupQuota": 10, "AttachedPoliciesPerRoleQuota": 10,
        "AttachedPoliciesPerUserQuota": 10, "PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": 5,
        "GlobalEndpointTokenVersion": 1,
    ]

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let account = call.accountID
        let rows = try await call.transaction.rows(
            """
            SELECT
              (SELECT count(*) FROM iam_users WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_groups WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_roles WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_policies WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_mfa_devices WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_mfa_devices WHERE account_id = \(account) AND (user_id IS NOT NULL OR assigned_to_root)),
              (SELECT count(*) FROM iam_mfa_devices WHERE account_id = \(account) AND assigned_to_root),
              (SELECT count(*) FROM access_keys WHERE account_id = \(account) AND user_id IS NULL),
              (SELECT count(*) FROM iam_policy_attachments WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_oidc_providers WHERE account_id = \(account)),
              (SELECT count(*) FROM iam_instance_profiles WHERE account_id = \(account))
            """,
            as: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
        guard let counts = rows.first else { return Output(summaryMap: quotas) }
        var summary = quotas
        summary["Users"] = counts.0
        summary["Groups"] = counts.1
        summary["Roles"] = counts.2
        summary["Policies"] = counts.3
        summary["MFADevices"] = counts.4
        summary["MFADevicesInUse"] = counts.5
        summary["AccountMFAEnabled"] = counts.6 > 0 ? 1 : 0
        summary["AccountAccessKeysPresent"] = counts.7 > 0 ? 1 : 0
        summary["AccountPasswordPresent"] = 0
        summary["AccountSigningCertificatesPresent"] = 0
        summary["PolicyVersionsInUse"] = counts.8
        summary["ServerCertificates"] = 0
        summary["InstanceProfiles"] = counts.10
        summary["Providers"] = counts.9
        return Output(summaryMap: summary)
    }
}
