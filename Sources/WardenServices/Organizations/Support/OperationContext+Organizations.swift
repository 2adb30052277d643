import Foundation
public import WardenAWS
import WardenShapes
public import WardenStore

extension OperationContext {
    /// Organizations and membership, on the call's transaction.
    public var organizations: OrganizationRepository { OrganizationRepository(transaction: transaction) }

    /// The organization the caller's account belongs to.
    /// - Throws: `AWSOrganizationsNotInUseException` in AWS's words when it belongs to none.
    public func callerOrganization(lock: Bool = false) async throws -> OrganizationRecord {
        guard let organization = try await organizations.organization(ofAccount: accountID, lock: lock) else {
            throw Organizations.Errors.awsOrganizationsNotInUseException("Your account is not a member of an organization.")
        }
        return organization
    }

    /// The caller's organization, when the caller's account is its management account, or, for an operation
    /// AWS lets the management account delegate (`delegable`: its read-only operations and policy
    /// management), a member account the organization delegates it to: a delegated administrator of some
    /// service (reads), or one its resource-based delegation policy allows for `call.action` on `resource`
    /// and every one of `additionalResources`, with `keys` (the operation's resources and condition keys, as
    /// the pipeline authorized them).
    /// - Throws: `AWSOrganizationsNotInUseException` outside an organization, `AccessDeniedException` (AWS's
    ///   words) from a member account not delegated to.
    public func managedOrganization(
        lock: Bool = false, delegable: Bool = false, resource: String? = nil, keys: [String: [String]]? = nil
    ) async throws -> OrganizationRecord {
        let organization = try await callerOrganization(lock: lock)
        guard organization.managementAccountID != accountID else { return organization }
        guard delegable else { throw OrganizationsAccess.managementAccountOnly }
        // By default, what the pipeline authorized: the same resources and keys, not computed again.
        let targets = resource.map { [$0] } ?? (authorizedResources.isEmpty ? ["*"] : authorizedResources)
        let keys = keys ?? authorizedKeys
        for target in targets {
            guard try await OrganizationDelegation.allows(self, in: organization, resource: target, keys: keys) else {
                throw OrganizationsAccess.managementAccountOnly
            }
        }
        return organization
    }

    /// ARNs of the caller's organization's resources, for authorization before the resource is read: the
    /// organization when there is one, else ARNs under `o-exampleorgid` so that `*` policies still decide.
    public func organizationARNs() async throws -> OrganizationARNBuilder {
        organizationARNs(of: try await organizations.organization(ofAccount: accountID))
    }

    /// ``organizationARNs()`` for an organization already read.
    func organizationARNs(of organization: OrganizationRecord?) -> OrganizationARNBuilder {
        OrganizationARNBuilder(
            managementAccountID: organization?.managementAccountID ?? accountID, organizationID: organization?.organizationID ?? "o-exampleorgid")
    }
}

/// The refusals every Organizations operation shares, in AWS's words.
public enum OrganizationsAccess {
    /// A member account calling what only the management account (or a delegated administrator) may.
    public static let managementAccountOnly = Organizations.Errors.accessDeniedException(
        "You don't have permissions to access this resource.")
}

/// ARNs of one organization's resources, in AWS's forms.
public struct OrganizationARNBuilder: Sendable {
    public let managementAccountID: String
    public let organizationID: String

    public init(managementAccountID: String, organizationID: String) {
        self.managementAccountID = managementAccountID
        self.organizationID = organizationID
    }

    public init(_ organization: OrganizationRecord) {
        self.init(managementAccountID: organization.managementAccountID, organizationID: organization.organizationID)
    }

    var prefix: String { "arn:aws:organizations::\(managementAccountID):" }

    public var organization: String { prefix + "organization/\(organizationID)" }
    public func root(_ rootID: String) -> String { prefix + "root/\(organizationID)/\(rootID)" }
    public func organizationalUnit(_ unitID: String) -> String { prefix + "ou/\(organizationID)/\(unitID)" }
    /// A root or an OU, by its id.
    public func unit(_ unitID: String) -> String { unitID.hasPrefix("r-") ? root(unitID) : organizationalUnit(unitID) }
    public func account(_ accountID: String) -> String { prefix + "account/\(organizationID)/\(accountID)" }
    public func handshake(_ handshakeID: String, action: String) -> String {
        prefix + "handshake/\(organizationID)/\(action.lowercased())/\(handshakeID)"
    }
    /// A policy: AWS-managed ones (`p-FullAWSAccess`) live under the `aws` account, without an organization.
    public func policy(_ policyID: String, type: String) -> String {
        if policyID == "p-FullAWSAccess" || policyID == "p-RCPFullAWSAccess" {
            return "arn:aws:organizations::aws:policy/\(type.lowercased())/\(policyID)"
        }
        return prefix + "policy/\(organizationID)/\(type.lowercased())/\(policyID)"
    }
    public func resourcePolicy(_ policyID: String) -> String { prefix + "resourcepolicy/\(organizationID)/\(policyID)" }
    /// The ARN of a root, OU, account or policy by its id alone (TagResource's `ResourceId`); nil for an
    /// id of none of these forms.
    public func resource(id: String, policyType: String? = nil) -> String? {
        if AWSIdentifier.rootID.isValid(id) { return root(id) }
        if AWSIdentifier.isValidOrganizationalUnitID(id) { return organizationalUnit(id) }
        if AWSIdentifier.accountID.isValid(id) { return account(id) }
        if AWSIdentifier.organizationsPolicyID.isValid(id) { return policy(id, type: policyType ?? "service_control_policy") }
        return nil
    }
}

/// Organizations' `NextToken`/`MaxResults` pagination: the token is the base64 of the sort key of the
/// last item returned, so pages never skip or repeat an item when others are added between calls.
public enum OrganizationsPagination {
    /// The sort key after which a page starts. - Throws: `InvalidInputException` (`INVALID_NEXT_TOKEN`).
    public static func start(after token: String?) throws(AWSServiceError) -> String? {
        guard let token else { return nil }
        guard let data = Data(base64Encoded: token), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw Organizations.Errors.invalidInputException("The provided pagination token is invalid.", reason: "INVALID_NEXT_TOKEN")
        }
        return key
    }

    /// The page size: `MaxResults` (1…20 by the model) or 20.
    public static func limit(_ maxResults: Int?) -> Int { maxResults ?? 20 }

    /// One page of `fetched` (up to `limit + 1` items in order) and the token of the next, nil on the last.
    public static func page<Item>(_ fetched: [Item], limit: Int, key: (Item) -> String) -> (items: [Item], nextToken: String?) {
        guard fetched.count > limit else { return (fetched, nil) }
        let items = Array(fetched.prefix(limit))
        return (items, items.last.map { Data(key($0).utf8).base64EncodedString() })
    }

    /// Pages an in-memory list already in order.
    public static func page<Item>(_ all: [Item], nextToken: String?, maxResults: Int?, key: (Item) -> String) throws(AWSServiceError) -> (
        items: [Item], nextToken: String?
    ) {
        let limit = limit(maxResults)
        let start = try start(after: nextToken)
        let rest = start.map { start in all.filter { key($0) > start } } ?? all
        return page(Array(rest.prefix(limit + 1)), limit: limit, key: key)
    }
}
