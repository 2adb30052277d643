import Foundation
public import WardenAWS
import WardenPolicy
public import WardenShapes
public import WardenStore

extension OperationContext {
    /// The caller account's IAM roles, on the call's transaction.
    public var roles: RoleRepository { RoleRepository(transaction: transaction, accountID: accountID) }

    /// The role named `name`. - Throws: `NoSuchEntity` in AWS's words.
    public func role(named name: String, lock: Bool = false) async throws -> IAMRoleRecord {
        guard var role = try await roles.named(name, lock: lock) else {
            throw IAM.Errors.noSuchEntity("The role with name \(name) cannot be found.")
        }
        // A session issued on this replica that the next batch has not written yet.
        if let pending = environment.roleUsage.latestUse(of: role.roleID), role.lastUsedAt.map({ pending.date > $0 }) ?? true {
            role.lastUsedAt = pending.date
            role.lastUsedRegion = pending.region
        }
        return role
    }

    /// The ARN of role `name` for authorization: the stored role's own ARN (path and case of its name)
    /// when it exists, else `role/NAME`.
    public func roleARN(_ name: String) async throws -> String {
        try await roles.named(name)?.arn ?? arn.role(path: "/", name: name)
    }
}

extension IAMRoleRecord {
    /// Whether only AWS may change the role (a service-linked role).
    public var isServiceLinked: Bool { serviceLinkedTo != nil }

    /// Refuses changes to a service-linked role. - Throws: `UnmodifiableEntity` as AWS answers.
    public func requireModifiable() throws(AWSServiceError) {
        guard isServiceLinked else { return }
        throw IAM.Errors.unmodifiableEntity(
            "Cannot perform the operation on the protected role '\(name)' - this role is only modifiable by AWS")
    }

    /// The wire shape (`Role`) as `GetRole` returns it: the trust policy URL-encoded, `RoleLastUsed`
    /// always present (empty when never used).
    public var shape: IAM.Role {
        IAM.Role(
            path: path, roleName: name, roleId: roleID, arn: arn, createDate: createdAt,
            assumeRolePolicyDocument: TrustPolicies.wireForm(assumeRolePolicy), description: description,
            maxSessionDuration: maxSessionDuration,
            permissionsBoundary: permissionsBoundary.map {
                IAM.AttachedPermissionsBoundary(permissionsBoundaryType: "PermissionsBoundaryPolicy", permissionsBoundaryArn: $0)
            },
            tags: IAMTags.shape(tags), roleLastUsed: IAM.RoleLastUsed(lastUsedDate: lastUsedAt, region: lastUsedRegion))
    }

    /// The shape `ListRoles` returns: AWS leaves out tags, the boundary and last use there.
    public var listedShape: IAM.Role {
        var shape = shape
        shape.tags = nil
        shape.permissionsBoundary = nil
        shape.roleLastUsed = nil
        return shape
    }
}

/// Role trust policies: checked as IAM checks them, returned as IAM returns them.
public enum TrustPolicies {
    /// Checks `document` as a trust policy. - Throws: `MalformedPolicyDocument` naming the first problem.
    public static func validate(_ document: String) throws(AWSServiceError) {
        let errors = PolicyValidator.validate(json: document, kind: .trust).filter { $0.severity == .error }
        if let first = errors.first {
            throw IAM.Errors.malformedPolicyDocument(first.path.isEmpty ? first.message : "\(first.path): \(first.message)")
        }
    }

    /// Characters AWS leaves as they are when it URL-encodes a policy document (RFC 3986 unreserved).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// AWS returns policy documents percent-encoded (SDKs decode them).
    public static func wireForm(_ document: String) -> String {
        document.addingPercentEncoding(withAllowedCharacters: unreserved) ?? document
    }
}
