import Foundation
import WardenAWS
import WardenShapes
public import WardenStore

/// What the instance-profile operations share: the repository, lookups in AWS's words, the quotas, and the
/// wire shape with the profile's roles.
enum InstanceProfiles {
    /// AWS's default quota of instance profiles per account.
    static let perAccount = 1000
    /// Roles per instance profile: AWS's fixed quota.
    static let rolesPerProfile = 1

    static func notFound(_ name: String) -> AWSServiceError {
        IAM.Errors.noSuchEntity("Instance Profile \(name) cannot be found.")
    }
}

extension OperationContext {
    /// The caller account's instance profiles, on the call's transaction.
    public var instanceProfiles: InstanceProfileRepository { InstanceProfileRepository(transaction: transaction, accountID: accountID) }

    /// The profile named `name`. - Throws: `NoSuchEntity` in AWS's words.
    public func instanceProfile(named name: String, lock: Bool = false) async throws -> InstanceProfileRecord {
        guard let profile = try await instanceProfiles.named(name, lock: lock) else { throw InstanceProfiles.notFound(name) }
        return profile
    }

    /// The ARN of profile `name` for authorization: the stored profile's own (path, case) when it exists.
    public func instanceProfileARN(_ name: String) async throws -> String {
        try await instanceProfiles.named(name)?.arn ?? "arn:aws:iam::\(accountID):instance-profile/\(name)"
    }

    /// The wire shape of `profile`, its roles as `ListRoles` shows them; `withTags` as `GetInstanceProfile`
    /// answers (listings leave tags out).
    func shape(of profile: InstanceProfileRecord, withTags: Bool) async throws -> IAM.InstanceProfile {
        var roles: [IAM.Role] = []
        for roleID in profile.roleIDs {
            if let role = try await self.roles.withID(roleID) { roles.append(role.listedShape) }
        }
        return IAM.InstanceProfile(
            path: profile.path, instanceProfileName: profile.name, instanceProfileId: profile.instanceProfileID, arn: profile.arn,
            createDate: profile.createdAt, roles: roles, tags: withTags && !profile.tags.isEmpty ? IAMTags.shape(profile.tags) : nil)
    }
}
