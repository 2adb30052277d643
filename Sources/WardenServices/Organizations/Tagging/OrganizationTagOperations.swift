import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Tags on accounts, roots, OUs, policies and the resource policy, authorized on the resource's ARN.
extension Organizations.TagResource: ServiceOperation {
    public static let action: RequiredAction = "organizations:TagResource"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.taggableResourceARN(input.resourceId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        OrganizationsTags.conditionKeys(input.tags)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        try await call.taggableResource(input.resourceId, of: organization, lock: true)
        let tags = call.organizationTags(organization)
        _ = try OrganizationsTags.merge(try await tags.tags(of: input.resourceId), adding: input.tags)
        try await tags.set(input.tags.map { TagRecord(key: $0.key, value: $0.value) }, on: input.resourceId)
        return Output()
    }
}

extension Organizations.UntagResource: ServiceOperation {
    public static let action: RequiredAction = "organizations:UntagResource"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.taggableResourceARN(input.resourceId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["aws:TagKeys": input.tagKeys]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        try OrganizationsTags.checkKeys(input.tagKeys)
        try await call.taggableResource(input.resourceId, of: organization, lock: true)
        try await call.organizationTags(organization).remove(input.tagKeys, from: input.resourceId)
        return Output()
    }
}

extension Organizations.ListTagsForResource: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListTagsForResource"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.taggableResourceARN(input.resourceId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        try await call.taggableResource(input.resourceId, of: organization, lock: false)
        let limit = OrganizationsPagination.limit(nil)
        let fetched = try await call.organizationTags(organization).tags(
            of: input.resourceId, after: try OrganizationsPagination.start(after: input.nextToken), limit: limit + 1)
        let page = OrganizationsPagination.page(fetched, limit: limit) { $0.key }
        return Output(tags: page.items.map { Organizations.Tag(key: $0.key, value: $0.value) }, nextToken: page.nextToken)
    }
}

extension OperationContext {
    /// The ARN a tagging call is authorized on: the resource's, a policy's with its stored type.
    func taggableResourceARN(_ resourceID: String) async throws -> String {
        if resourceID.hasPrefix("p-") { return try await organizationPolicyResource(resourceID).arn }
        let arns = try await organizationARNs()
        if resourceID.hasPrefix("rp-") { return arns.resourcePolicy(resourceID) }
        return arns.resource(id: resourceID) ?? "*"
    }
}
