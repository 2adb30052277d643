import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Long-term access keys of IAM users and of the root user: create, list, activate/deactivate, delete,
/// and when each was last used. The secret is sealed at rest and returned only by `CreateAccessKey`.
extension IAM.CreateAccessKey: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateAccessKey"
    /// A new entity under a new id: no cached policy set, guardrail or key refers to it yet (keys are never
    /// cached as missing), so creating one empties no cache.
    public static var changeScope: ChangeScope { .nothingCached }
    /// AWS's `AccessKeysPerUser` quota, which also holds for the root user.
    static let quota = 2

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // The owner's row stays locked until the call commits, so two concurrent creates count one another.
        let owner = try await CredentialOwner.resolve(input.userName, call, lock: true)
        guard try await call.accessKeys.list(userID: owner.userID).count < quota else {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for AccessKeysPerUser: \(quota)")
        }
        let accessKeyID = AWSIdentifier.accessKeyID.generate()
        let secret = AWSIdentifier.secretAccessKey.generate()
        let sealed = call.environment.secrets.seal(
            secret, binding: SecretBinding(accessKeyID: accessKeyID, accountID: call.accountID, userID: owner.userID))
        let created = call.now.wholeSeconds
        try await call.accessKeys.create(accessKeyID: accessKeyID, userID: owner.userID, sealedSecret: sealed, createdAt: created)
        return Output(accessKey: IAM.AccessKey(
            userName: owner.userName ?? "", accessKeyId: accessKeyID, status: "Active", secretAccessKey: secret, createDate: created))
    }
}

extension IAM.ListAccessKeys: ServiceOperation {
    public static let action: RequiredAction = "iam:ListAccessKeys"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        let keys = try await call.accessKeys.list(userID: owner.userID)
        let page = try Pagination.page(keys, marker: input.marker, maxItems: input.maxItems) { $0.accessKeyID }
        return Output(
            accessKeyMetadata: page.items.map {
                IAM.AccessKeyMetadata(userName: owner.userName, accessKeyId: $0.accessKeyID, status: $0.status, createDate: $0.createdAt)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension IAM.UpdateAccessKey: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateAccessKey"

    /// The model's status enum also has `Expired`, which no one can set: AWS refuses it as invalid input,
    /// checked here, before authorization, as AWS checks its input first.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        guard ["Active", "Inactive"].contains(input.status) else {
            throw AWSServiceError.validationError(
                "1 validation error detected: Value '\(input.status)' at 'status' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [Active, Inactive]")
        }
        return try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        guard try await call.accessKeys.setStatus(input.status, accessKeyID: input.accessKeyId, userID: owner.userID) else {
            throw IAM.Errors.noSuchEntity("The Access Key with id \(input.accessKeyId) cannot be found.")
        }
        return Output()
    }
}

extension IAM.DeleteAccessKey: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteAccessKey"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let owner = try await CredentialOwner.resolve(input.userName, call)
        guard try await call.accessKeys.delete(accessKeyID: input.accessKeyId, userID: owner.userID) else {
            throw IAM.Errors.noSuchEntity("The Access Key with id \(input.accessKeyId) cannot be found.")
        }
        return Output()
    }
}

extension IAM.GetAccessKeyLastUsed: ServiceOperation {
    public static let action: RequiredAction = "iam:GetAccessKeyLastUsed"

    /// Authorized on the key owner's user ARN, as the Service Authorization Reference lists it.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        guard let key = try await call.accessKeys.withID(input.accessKeyId) else { return "*" }
        guard let userID = key.userID, let user = try await call.users.withID(userID) else { return call.arn.root }
        return user.arn
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let key = try await call.accessKeys.withID(input.accessKeyId) else {
            throw IAM.Errors.noSuchEntity("The Access Key with id \(input.accessKeyId) cannot be found.")
        }
        var userName: String?
        if let userID = key.userID { userName = try await call.users.withID(userID)?.name }
        return Output(userName: userName, accessKeyLastUsed: AccessKeyUsage.lastUsed(key, call))
    }
}

/// What `GetAccessKeyLastUsed` and the credential report say about a key's last use: the stored use or
/// this replica's newer unwritten one.
enum AccessKeyUsage {
    static func lastUsed(_ key: AccessKeyDetails, _ call: OperationContext) -> IAM.AccessKeyLastUsed {
        var date = key.lastUsedAt
        var service = key.lastUsedService
        var region = key.lastUsedRegion
        if let pending = call.environment.accessKeyUsage.latestUse(of: key.accessKeyID), date.map({ pending.date > $0 }) ?? true {
            date = pending.date
            service = pending.service
            region = pending.region
        }
        guard let date else { return IAM.AccessKeyLastUsed(serviceName: "N/A", region: "N/A") }
        return IAM.AccessKeyLastUsed(lastUsedDate: date.wholeSeconds, serviceName: service ?? "N/A", region: region ?? "N/A")
    }
}
