import Foundation
import PostgresNIO
import WardenAWS
public import WardenShapes
import WardenStore

/// `GetAccountAuthorizationDetails`: every user, group, role and managed policy of the account with the
/// policies that apply to it, read straight from the tables in one snapshot. Policy documents are
/// URL-encoded, as everywhere in IAM's XML.
extension IAM.GetAccountAuthorizationDetails: ServiceOperation {
    public static let action: RequiredAction = "iam:GetAccountAuthorizationDetails"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let filter = Set(input.filter ?? ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"])
        let snapshot = try await AuthorizationDetails(call)
        var entries: [(key: String, entry: AuthorizationDetails.Entry)] = []
        if filter.contains("User") { entries += try await snapshot.users().map { ("0/\($0.userName?.lowercased() ?? "")", .user($0)) } }
        if filter.contains("Group") { entries += try await snapshot.groups().map { ("1/\($0.groupName?.lowercased() ?? "")", .group($0)) } }
        if filter.contains("Role") { entries += try await snapshot.roles().map { ("2/\($0.roleName?.lowercased() ?? "")", .role($0)) } }
        if filter.contains("LocalManagedPolicy") {
            entries += try await snapshot.localPolicies().map { ("3/\($0.arn ?? "")", .policy($0)) }
        }
        if filter.contains("AWSManagedPolicy") {
            entries += try await snapshot.awsManagedPolicies().map { ("4/\($0.arn ?? "")", .policy($0)) }
        }
        let page = try Pagination.page(entries, marker: input.marker, maxItems: input.maxItems) { $0.key }
        var output = Output(userDetailList: [], groupDetailList: [], roleDetailList: [], policies: [], isTruncated: page.isTruncated, marker: page.marker)
        for item in page.items {
            switch item.entry {
            case .user(let user): output.userDetailList?.append(user)
            case .group(let group): output.groupDetailList?.append(group)
            case .role(let role): output.roleDetailList?.append(role)
            case .policy(let policy): output.policies?.append(policy)
            }
        }
        return output
    }
}

/// The account's IAM entities and their policies, read with SQL of this operation's own.
struct AuthorizationDetails {
    enum Entry {
        case user(IAM.UserDetail)
        case group(IAM.GroupDetail)
        case role(IAM.RoleDetail)
        case policy(IAM.ManagedPolicyDetail)
    }

    let call: OperationContext
    /// Inline policies by entity type and id: (name, document).
    let inline: [String: [(String, String)]]
    /// Attached managed policy ARNs by entity type and id.
    let attached: [String: [String]]

    init(_ call: OperationContext) async throws {
        self.call = call
        var inline: [String: [(String, String)]] = [:]
        for (type, id, name, document) in try await call.transaction.rows(
            """
            SELECT entity_type, entity_id, name, document FROM iam_inline_policies
            WHERE account_id = \(call.accountID) ORDER BY lower(name)
            """,
            as: (String, String, String, String).self)
        {
            inline["\(type)/\(id)", default: []].append((name, document))
        }
        var attached: [String: [String]] = [:]
        for (type, id, arn) in try await call.transaction.rows(
            """
            SELECT entity_type, entity_id, policy_arn FROM iam_policy_attachments
            WHERE account_id = \(call.accountID) ORDER BY attached_at, policy_arn
            """,
            as: (String, String, String).self)
        {
            attached["\(type)/\(id)", default: []].append(arn)
        }
        self.inline = inline
        self.attached = attached
    }

    func inlinePolicies(_ type: String, _ id: String) -> [IAM.PolicyDetail] {
        (inline["\(type)/\(id)"] ?? []).map { IAM.PolicyDetail(policyName: $0.0, policyDocument: Self.encode($0.1)) }
    }

    func attachedPolicies(_ type: String, _ id: String) -> [IAM.AttachedPolicy] {
        (attached["\(type)/\(id)"] ?? []).map { IAM.AttachedPolicy(policyName: Self.policyName($0), policyArn: $0) }
    }

    func users() async throws -> [IAM.UserDetail] {
        var groupsOf: [String: [String]] = [:]
        for (userID, group) in try await call.transaction.rows(
            """
            SELECT m.user_id, g.name FROM iam_group_members m JOIN iam_groups g ON g.group_id = m.group_id
            WHERE g.account_id = \(call.accountID) ORDER BY lower(g.name)
            """,
            as: (String, String).self)
        {
            groupsOf[userID, default: []].append(group)
        }
        return try await call.users.all().map { user in
            IAM.UserDetail(
                path: user.path, userName: user.name, userId: user.userID, arn: user.arn, createDate: user.createdAt,
                userPolicyList: inlinePolicies("user", user.userID), groupList: groupsOf[user.userID] ?? [],
                attachedManagedPolicies: attachedPolicies("user", user.userID), permissionsBoundary: Self.boundary(user.permissionsBoundary),
                tags: user.tags.map { IAM.Tag(key: $0.key, value: $0.value) })
        }
    }

    func groups() async throws -> [IAM.GroupDetail] {
        try await call.transaction.rows(
            "SELECT group_id, name, path, created_at FROM iam_groups WHERE account_id = \(call.accountID) ORDER BY lower(name)",
            as: (String, String, String, Date).self
        ).map { (row: (String, String, String, Date)) -> IAM.GroupDetail in
            let (id, name, path, created) = row
            return IAM.GroupDetail(
                path: path, groupName: name, groupId: id, arn: "arn:aws:iam::\(call.accountID):group\(path)\(name)", createDate: created,
                groupPolicyList: inlinePolicies("group", id), attachedManagedPolicies: attachedPolicies("group", id))
        }
    }

    func roles() async throws -> [IAM.RoleDetail] {
        var profilesOfRole: [String: [IAM.InstanceProfile]] = [:]
        let profiles = try await call.instanceProfiles.list(pathPrefix: "/", after: nil, limit: Int(Int32.max)).filter { !$0.roleIDs.isEmpty }
        for (profile, shape) in zip(profiles, try await call.shapes(of: profiles)) {
            for roleID in profile.roleIDs { profilesOfRole[roleID, default: []].append(shape) }
        }
        return try await call.transaction.rows(
            """
            SELECT role_id, name, path, created_at, assume_role_policy, permissions_boundary, tags::text, last_used_at, last_used_region
            FROM iam_roles WHERE account_id = \(call.accountID) ORDER BY lower(name)
            """,
            as: (String, String, String, Date, String, String?, String, Date?, String?).self
        ).map { (row: (String, String, String, Date, String, String?, String, Date?, String?)) -> IAM.RoleDetail in
            var (id, name, path, created, trust, boundary, tags, lastUsed, region) = row
            if let pending = call.environment.roleUsage.latestUse(of: id), lastUsed.map({ pending.date > $0 }) ?? true {
                (lastUsed, region) = (pending.date, pending.region)
            }
            return IAM.RoleDetail(
                path: path, roleName: name, roleId: id, arn: "arn:aws:iam::\(call.accountID):role\(path)\(name)", createDate: created,
                assumeRolePolicyDocument: Self.encode(trust), instanceProfileList: profilesOfRole[id] ?? [], rolePolicyList: inlinePolicies("role", id),
                attachedManagedPolicies: attachedPolicies("role", id), permissionsBoundary: Self.boundary(boundary),
                tags: TagRecord.list(fromJSON: tags).map { IAM.Tag(key: $0.key, value: $0.value) },
                roleLastUsed: IAM.RoleLastUsed(lastUsedDate: lastUsed, region: region))
        }
    }

    /// How many entities have each policy attached, and use it as their permissions boundary.
    func usage() async throws -> (attachments: [String: Int], boundaries: [String: Int]) {
        var attachments: [String: Int] = [:]
        for arns in attached.values { for arn in arns { attachments[arn, default: 0] += 1 } }
        var boundaries: [String: Int] = [:]
        for arn in try await call.transaction.rows(
            """
            SELECT permissions_boundary FROM iam_users WHERE account_id = \(call.accountID) AND permissions_boundary IS NOT NULL
            UNION ALL
            SELECT permissions_boundary FROM iam_roles WHERE account_id = \(call.accountID) AND permissions_boundary IS NOT NULL
            """,
            as: String.self)
        {
            boundaries[arn, default: 0] += 1
        }
        return (attachments, boundaries)
    }

    func localPolicies() async throws -> [IAM.ManagedPolicyDetail] {
        let (attachments, boundaries) = try await usage()
        var versions: [String: [IAM.PolicyVersion]] = [:]
        for (policyID, version, document, created, isDefault) in try await call.transaction.rows(
            """
            SELECT v.policy_id, v.version_id, v.document, v.created_at, v.version_id = p.default_version
            FROM iam_policy_versions v JOIN iam_policies p ON p.policy_id = v.policy_id
            WHERE p.account_id = \(call.accountID) ORDER BY v.created_at DESC, v.version_id DESC
            """,
            as: (String, String, String, Date, Bool).self)
        {
            versions[policyID, default: []].append(
                IAM.PolicyVersion(document: Self.encode(document), versionId: version, isDefaultVersion: isDefault, createDate: created))
        }
        return try await call.transaction.rows(
            """
            SELECT policy_id, name, path, arn, default_version, description, created_at, updated_at
            FROM iam_policies WHERE account_id = \(call.accountID) ORDER BY arn
            """,
            as: (String, String, String, String, String, String?, Date, Date).self
        ).map { (row: (String, String, String, String, String, String?, Date, Date)) -> IAM.ManagedPolicyDetail in
            let (id, name, path, arn, defaultVersion, description, created, updated) = row
            return IAM.ManagedPolicyDetail(
                policyName: name, policyId: id, arn: arn, path: path, defaultVersionId: defaultVersion,
                attachmentCount: attachments[arn] ?? 0, permissionsBoundaryUsageCount: boundaries[arn] ?? 0, isAttachable: true,
                description: description, createDate: created, updateDate: updated, policyVersionList: versions[id] ?? [])
        }
    }

    /// The AWS-managed policies the account uses (attached or as a boundary), as AWS lists them.
    func awsManagedPolicies() async throws -> [IAM.ManagedPolicyDetail] {
        let (attachments, boundaries) = try await usage()
        let used = Set(attachments.keys).union(boundaries.keys).sorted()
        return used.compactMap { arn in
            guard let policy = AWSManagedPolicy.named(arn) else { return nil }
            let created = Self.isoDate(policy.createDate)
            let updated = Self.isoDate(policy.updateDate)
            return IAM.ManagedPolicyDetail(
                policyName: policy.name, policyId: policy.policyID, arn: policy.arn, path: policy.path,
                defaultVersionId: policy.defaultVersionID, attachmentCount: attachments[arn] ?? 0,
                permissionsBoundaryUsageCount: boundaries[arn] ?? 0, isAttachable: true, description: policy.description,
                createDate: created, updateDate: updated,
                policyVersionList: [
                    IAM.PolicyVersion(document: Self.encode(policy.document), versionId: policy.defaultVersionID, isDefaultVersion: true, createDate: updated)
                ])
        }
    }

    static func boundary(_ arn: String?) -> IAM.AttachedPermissionsBoundary? {
        arn.map { IAM.AttachedPermissionsBoundary(permissionsBoundaryType: "PermissionsBoundaryPolicy", permissionsBoundaryArn: $0) }
    }

    static func policyName(_ arn: String) -> String {
        String(arn.split(separator: "/").last ?? Substring(arn))
    }

    static func isoDate(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// RFC 3986 percent-encoding, as IAM returns policy documents.
    static func encode(_ document: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~")
        return document.addingPercentEncoding(withAllowedCharacters: allowed) ?? document
    }
}
