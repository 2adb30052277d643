import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Delegated administrators: member accounts that administer an AWS service's integration for the
/// organization (and so may read the organization). Registered by the management account, for a service
/// with trusted access.
extension Organizations.RegisterDelegatedAdministrator: ServiceOperation {
    public static let action: RequiredAction = "organizations:RegisterDelegatedAdministrator"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:ServicePrincipal": [input.servicePrincipal]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        try ServicePrincipals.check(input.servicePrincipal)
        if input.accountId == organization.managementAccountID {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to register the management account of the organization as a delegated administrator for an Amazon Web Services service integrated with Organizations. You can designate only a member account as a delegated administrator.",
                reason: "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR")
        }
        let member = try await call.member(input.accountId, of: organization, lock: true)
        if member.status != "ACTIVE" {
            throw Organizations.Errors.constraintViolationException(
                "You cannot register a suspended account as a delegated administrator.",
                reason: "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR")
        }
        guard try await call.serviceAccess(of: organization).isEnabled(input.servicePrincipal) else {
            throw Organizations.Errors.constraintViolationException(
                "You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.",
                reason: "SERVICE_ACCESS_NOT_ENABLED")
        }
        do {
            try await call.delegatedAdministrators(of: organization).register(member.accountID, for: input.servicePrincipal, at: call.now)
        } catch StoreError.duplicate {
            throw Organizations.Errors.accountAlreadyRegisteredException(
                "The provided account is already a delegated administrator for your organization.")
        }
        return Output()
    }
}

extension Organizations.DeregisterDelegatedAdministrator: ServiceOperation {
    public static let action: RequiredAction = "organizations:DeregisterDelegatedAdministrator"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        ["organizations:ServicePrincipal": [input.servicePrincipal]]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(lock: true)
        try ServicePrincipals.check(input.servicePrincipal)
        let member = try await call.member(input.accountId, of: organization, lock: true)
        guard try await call.delegatedAdministrators(of: organization).deregister(member.accountID, for: input.servicePrincipal) else {
            throw DelegationErrors.notRegistered
        }
        return Output()
    }
}

extension Organizations.ListDelegatedAdministrators: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListDelegatedAdministrators"

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] {
        input.servicePrincipal.map { ["organizations:ServicePrincipal": [$0]] } ?? [:]
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        if let principal = input.servicePrincipal { try ServicePrincipals.check(principal) }
        let administrators = try await call.delegatedAdministrators(of: organization).administrators(for: input.servicePrincipal)
        let page = try OrganizationsPagination.page(administrators, nextToken: input.nextToken, maxResults: input.maxResults) { $0.account.accountID }
        let arns = OrganizationARNBuilder(organization)
        return Output(
            delegatedAdministrators: page.items.map { administrator in
                let account = administrator.account
                return Organizations.DelegatedAdministrator(
                    id: account.accountID, arn: arns.account(account.accountID), email: account.email, name: account.name, status: account.status,
                    state: account.state(at: call.now), joinedMethod: account.joinedMethod, joinedTimestamp: account.joinedAt,
                    delegationEnabledDate: administrator.delegatedAt)
            }, nextToken: page.nextToken)
    }
}

extension Organizations.ListDelegatedServicesForAccount: ServiceOperation {
    public static let action: RequiredAction = "organizations:ListDelegatedServicesForAccount"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.organizationARNs().account(input.accountId)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let organization = try await call.managedOrganization(delegable: true)
        let member = try await call.member(input.accountId, of: organization)
        let services = try await call.delegatedAdministrators(of: organization).services(of: member.accountID)
        guard !services.isEmpty else { throw DelegationErrors.notRegistered }
        let page = try OrganizationsPagination.page(services, nextToken: input.nextToken, maxResults: input.maxResults) { $0.servicePrincipal }
        return Output(
            delegatedServices: page.items.map {
                Organizations.DelegatedService(servicePrincipal: $0.servicePrincipal, delegationEnabledDate: $0.delegatedAt)
            }, nextToken: page.nextToken)
    }
}

extension OperationContext {
    /// The delegated administrators of `organization`, on the call's transaction.
    func delegatedAdministrators(of organization: OrganizationRecord) -> DelegatedAdministratorRepository {
        DelegatedAdministratorRepository(transaction: transaction, organizationID: organization.organizationID)
    }

    /// The services with trusted access to `organization`, on the call's transaction.
    func serviceAccess(of organization: OrganizationRecord) -> ServiceAccessRepository {
        ServiceAccessRepository(transaction: transaction, organizationID: organization.organizationID)
    }
}

/// The refusals of the delegation operations, in AWS's words.
enum DelegationErrors {
    static let notRegistered = Organizations.Errors.accountNotRegisteredException(
        "The provided account is not a registered delegated administrator for your organization.")
}

/// The service principals trusted access and delegation name: an AWS service's (`name.amazonaws.com`).
enum ServicePrincipals {
    /// - Throws: `InvalidInputException` (`UNRECOGNIZED_SERVICE_PRINCIPAL`) for anything else.
    static func check(_ principal: String) throws(AWSServiceError) {
        let suffix = ".amazonaws.com"
        let name = principal.lowercased().hasSuffix(suffix) ? principal.dropLast(suffix.count) : ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard principal == principal.lowercased(), let first = name.first, first.isLetter || first.isNumber, name.allSatisfy({ allowed.contains($0) })
        else {
            throw Organizations.Errors.invalidInputException(
                "You specified an unrecognized service principal.", reason: "UNRECOGNIZED_SERVICE_PRINCIPAL")
        }
    }
}
