import WardenAWS
public import WardenShapes
import WardenStore

/// Service-linked roles: created for a service, deleted through a deletion task.
extension IAM.CreateServiceLinkedRole: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateServiceLinkedRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        let name = (try? ServiceLinkedRoles.roleName(for: input.awsServiceName, suffix: input.customSuffix)) ?? "*"
        return call.arn.role(path: "\(ServiceLinkedRoles.pathPrefix)\(input.awsServiceName)/", name: name)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["iam:AWSServiceName": [input.awsServiceName]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let service = input.awsServiceName
        let name = try ServiceLinkedRoles.roleName(for: service, suffix: input.customSuffix)
        if try await call.roles.countForCreation() >= IAM.CreateRole.rolesPerAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for RolesPerAccount: \(IAM.CreateRole.rolesPerAccount)")
        }
        let role = IAMRoleRecord(
            roleID: AWSIdentifier.roleID.generate(), accountID: call.accountID, name: name,
            path: "\(ServiceLinkedRoles.pathPrefix)\(service)/", assumeRolePolicy: ServiceLinkedRoles.trustPolicy(for: service),
            description: input.description, serviceLinkedTo: service, createdAt: call.now.wholeSeconds)
        do {
            try await call.roles.create(role)
        } catch StoreError.duplicate {
            throw IAM.Errors.invalidInput("Service role name \(name) has been taken in this account, please try a different suffix.")
        }
        var shape = role.shape
        shape.roleLastUsed = nil
        return Output(role: shape)
    }
}

extension IAM.DeleteServiceLinkedRole: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteServiceLinkedRole"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { try await call.roleARN(input.roleName) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let role = try await call.role(named: input.roleName, lock: true)
        guard role.isServiceLinked else {
            throw IAM.Errors.invalidInput("Role \(role.name) is not a service-linked role.")
        }
        // No AWS service uses Warden's roles, so the deletion can complete at once.
        let task = ServiceLinkedRoleDeletionRecord(
            taskID: ServiceLinkedRoles.deletionTaskID(path: role.path, roleName: role.name), roleName: role.name, status: "SUCCEEDED")
        try await call.roles.delete(roleID: role.roleID, withPolicies: true)
        try await call.roles.recordDeletion(task, at: call.now)
        return Output(deletionTaskId: task.taskID)
    }
}

extension IAM.GetServiceLinkedRoleDeletionStatus: ServiceOperation {
    public static let action: RequiredAction = "iam:GetServiceLinkedRoleDeletionStatus"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        guard let role = ServiceLinkedRoles.role(ofTask: input.deletionTaskId) else { return "*" }
        return call.arn.role(path: role.path, name: role.name)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let task = try await call.roles.deletion(taskID: input.deletionTaskId) else {
            throw IAM.Errors.noSuchEntity("Deletion task \(input.deletionTaskId) cannot be found.")
        }
        return Output(status: task.status, reason: task.reason.map { IAM.DeletionTaskFailureReasonType(reason: $0) })
    }
}
