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
        try await instanceProfiles.named(name)?.arn ?? arn.instanceProfile(name: name)
    }

    /// The wire shapes of `profiles`, their roles as `ListRoles` shows them (read in one query); `withTags` as
    /// `GetInstanceProfile` answers (listings leave tags out).
    func shapes(of profiles: [InstanceProfileRecord], withTags: Bool = false) async throws -> [IAM.InstanceProfile] {
        let roles = try await self.roles.withIDs(Array(Set(profiles.flatMap(\.roleIDs))))
        return profiles.map { profile in
            IAM.InstanceProfile(
                path: profile.path, instanceProfileName: profile.name, instanceProfileId: profile.instanceProfileID, arn: profile.arn,
                createDate: profile.createdAt, roles: profile.roleIDs.compactMap { roles[$0]?.listedShape },
                tags: withTags && !profile.tags.isEmpty ? IAMTags.shape(profile.tags) : nil)
        }
    }
}
