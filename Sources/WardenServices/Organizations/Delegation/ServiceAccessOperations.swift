import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Trusted access: the AWS services allowed to work across the organization. It needs all features.
extension Organizations.EnableAWSServiceAccess: ServiceOperation {
    public static let action: RequiredAction = "organizations:EnableAWSServiceAccess"

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:ServicePrincipal": [input.servicePrincipal]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        try ServicePrincipals.check(input.servicePrincipal)
        guard organization.featureSet == "ALL" else {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to perform an operation that requires the organization to be configured to support all features. An organization that supports only consolidated billing features can't perform this operation.",
                reason: "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE")
        }
        try await call.serviceAccess(of: organization).enable(input.servicePrincipal, at: call.now)
        return Output()
    }
}

extension Organizations.DisableAWSServiceAccess: ServiceOperation {
    public static let action: RequiredAction = "organizations:DisableAWSServiceAccess"

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:ServicePrincipal": [input.servicePrincipal]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        try ServicePrincipals.check(input.servicePrincipal)
        try await call.serviceAccess(of: organization).disable(input.servicePrincipal)
        return Output()
    }
}

extension Organizations.ListAWSServiceAccessForOrganization: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListAWSServiceAccessForOrganization"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let enabled = try await call.serviceAccess(of: organization).enabled()
        let page = try OrganizationsPagination.page(enabled, nextToken: input.nextToken, maxResults: input.maxResults) { $0.servicePrincipal }
        return Output(
            enabledServicePrincipals: page.items.map {
                Organizations.EnabledServicePrincipal(servicePrincipal: $0.servicePrincipal, dateEnabled: $0.enabledAt)
            }, nextToken: page.nextToken)
    }
}
