import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Organizational units: create, describe, rename, delete.
extension Organizations.CreateOrganizationalUnit: ServiceOperation {
    public static let action: RequiredAction = "organizations:CreateOrganizationalUnit"

    /// AWS authorizes creation on the parent (the root or the OU the new OU goes in).
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().unit(input.parentId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        OrganizationTagInput.conditionKeys(input.tags)
    }

    /// The organization is held `FOR SHARE` (it is not deleted, nor a policy type switched, meanwhile) and
    /// creations in it are serialised, so the OU quota holds under concurrency. The new OU gets the
    /// AWS-managed policy of every enabled policy type, as AWS attaches `FullAWSAccess`.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        let tags = try OrganizationTagInput.records(input.tags)
        let units = call.units(of: organization)
        guard let parent = try await units.unit(input.parentId) else { throw OrganizationTreeErrors.parentNotFound }
        guard parent.depth < OrganizationalUnitLimits.maxDepth else {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to create an OU tree that is too many levels deep.", reason: "OU_DEPTH_LIMIT_EXCEEDED")
        }
        try await units.lockForCreation()
        guard try await units.count() < OrganizationalUnitLimits.maxOrganizationalUnits else {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to exceed the number of OUs that you can have in an organization.", reason: "OU_NUMBER_LIMIT_EXCEEDED")
        }
        let rootID = parent.isRoot ? parent.unitID : try await call.organizations.rootID(of: organization.organizationID) ?? parent.unitID
        let unit = OrganizationalUnitRecord(
            unitID: AWSIdentifier.organizationalUnitID(root: rootID), organizationID: organization.organizationID, parentID: parent.unitID,
            kind: "ORGANIZATIONAL_UNIT", name: input.name, depth: parent.depth + 1, createdAt: call.now)
        let arns = OrganizationARNBuilder(organization)
        // Tagging the new OU needs its own permission, as AWS asks for `organizations:TagResource`.
        if !tags.isEmpty {
            try await call.requirePermission(
                "organizations:TagResource", on: arns.organizationalUnit(unit.unitID), keys: OrganizationTagInput.conditionKeys(input.tags),
                protocol: Organizations.protocol)
        }
        do {
            try await units.create(unit)
        } catch StoreError.duplicate {
            throw OrganizationTreeErrors.duplicateUnit
        } catch StoreError.conflict {
            throw OrganizationTreeErrors.parentNotFound
        }
        try await units.addTags(resourceID: unit.unitID, tags)
        try await call.organizations.attachDefaultPolicies(organizationID: organization.organizationID, unitID: unit.unitID)
        let path = try await units.path(of: unit.unitID)
        return Output(organizationalUnit: unit.shape(arns, path: path))
    }
}

extension Organizations.DescribeOrganizationalUnit: ServiceOperation {
    public static let action: RequiredAction = "organizations:DescribeOrganizationalUnit"
    public static let access: OperationAccess = .read

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().organizationalUnit(input.organizationalUnitId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let units = call.units(of: organization)
        let unit = try await OrganizationalUnitLookup.unit(input.organizationalUnitId, in: units)
        return Output(organizationalUnit: unit.shape(OrganizationARNBuilder(organization), path: try await units.path(of: unit.unitID)))
    }
}

extension Organizations.UpdateOrganizationalUnit: ServiceOperation {
    public static let action: RequiredAction = "organizations:UpdateOrganizationalUnit"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().organizationalUnit(input.organizationalUnitId)
    }

    /// Renames the OU (without a name, answers it unchanged); its siblings' names stay unique.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        let units = call.units(of: organization)
        var unit = try await OrganizationalUnitLookup.unit(input.organizationalUnitId, in: units)
        if let name = input.name, name != unit.name {
            do {
                try await units.rename(unit.unitID, to: name)
            } catch StoreError.duplicate {
                throw OrganizationTreeErrors.duplicateUnit
            }
            unit = try await OrganizationalUnitLookup.unit(input.organizationalUnitId, in: units)
        }
        return Output(organizationalUnit: unit.shape(OrganizationARNBuilder(organization), path: try await units.path(of: unit.unitID)))
    }
}

extension Organizations.DeleteOrganizationalUnit: ServiceOperation {
    public static let action: RequiredAction = "organizations:DeleteOrganizationalUnit"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().organizationalUnit(input.organizationalUnitId)
    }

    /// Only an empty OU can go. Its row is locked `FOR UPDATE` before the check: an account moving in (or an
    /// OU created in it) either committed first and is seen, or waits on the lock and then fails its
    /// foreign-key check on the deleted row. Either way no account is left under a deleted OU.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        let units = call.units(of: organization)
        let unit = try await OrganizationalUnitLookup.unit(input.organizationalUnitId, in: units, lockForUpdate: true)
        let children = try await units.children(of: unit.unitID)
        if children.accounts || children.units { throw OrganizationalUnitLookup.notEmpty }
        do {
            try await units.delete(unitID: unit.unitID)
        } catch StoreError.conflict {
            throw OrganizationalUnitLookup.notEmpty
        }
        return Output()
    }
}

/// Finding an OU by id, with AWS's refusals.
enum OrganizationalUnitLookup {
    static let notEmpty = Organizations.Errors.organizationalUnitNotEmptyException(
        "The specified OU is not empty. Move all accounts to another root or OU, remove all child OUs, and try the operation again.")

    /// The OU `unitID` of the organization (a root is not an OU). - Throws: `OrganizationalUnitNotFoundException`.
    static func unit(_ unitID: String, in units: OrganizationalUnitRepository, lockForUpdate: Bool = false) async throws
        -> OrganizationalUnitRecord
    {
        guard let unit = try await units.unit(unitID, lockForUpdate: lockForUpdate), !unit.isRoot else {
            throw OrganizationTreeErrors.unitNotFound
        }
        return unit
    }
}
