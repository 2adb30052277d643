import ArgumentParser
import Foundation
import WardenPolicy

/// `warden policy evaluate`: runs AWS's evaluation flow over policy files, one request.
struct PolicyEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Decide one request against policy files and explain the decision.",
        discussion: """
            SCPs and RCPs are given per organization node, from the root down to the account, as NODE=FILE \
            (r-… root, ou-… OU, 12 digits account); repeat the option for each policy.
            Example: warden policy evaluate --identity alice.json --scp r-ab12=full.json \
            --action s3:GetObject --resource arn:aws:s3:::bucket/key \
            --principal arn:aws:iam::111122223333:user/alice --context aws:SourceIp=10.0.0.1
            """
    )

    @Option(name: .customLong("identity"), help: "Identity-based policy file (repeatable).")
    var identityFiles: [String] = []

    @Option(name: .customLong("boundary"), help: "Permissions boundary policy file.")
    var boundaryFile: String?

    @Option(name: .customLong("session"), help: "Session policy file (repeatable).")
    var sessionFiles: [String] = []

    @Option(name: .customLong("resource-policy"), help: "Resource-based (or trust) policy file.")
    var resourcePolicyFile: String?

    @Option(help: "Account that owns the resource (default: the principal's account).")
    var resourceAccount: String?

    @Option(name: .customLong("scp"), help: "NODE=FILE: an SCP attached to a node (repeatable, root first).")
    var scps: [String] = []

    @Option(name: .customLong("rcp"), help: "NODE=FILE: an RCP attached to a node (repeatable, root first).")
    var rcps: [String] = []

    @Flag(help: "The principal's account is the organization's management account (SCPs do not apply).")
    var managementAccount = false

    @Flag(help: "The resource's account is the management account (RCPs do not apply).")
    var resourceInManagementAccount = false

    @Option(help: "Action, service:Action.")
    var action: String

    @Option(help: "Resource ARN.")
    var resource: String = "*"

    @Option(help: "Principal: user, assumed-role or root ARN, account id, or service name.")
    var principal: String

    @Option(name: .customLong("principal-tag"), help: "KEY=VALUE tag of the principal (repeatable).")
    var principalTags: [String] = []

    @Option(name: .customLong("context"), help: "KEY=VALUE condition key of the request (repeatable; repeat a key for several values).")
    var contextPairs: [String] = []

    @Flag(help: "Print the decision as JSON.")
    var json = false

    func run() async throws {
        guard var identity = PrincipalIdentity(parsing: principal) else {
            throw ValidationError("cannot read principal \"\(principal)\": expected an ARN, an account id or a service name")
        }
        for pair in principalTags {
            let (key, value) = try split(pair, option: "--principal-tag")
            identity.tags[key] = value
        }
        var contextValues: [String: [String]] = [:]
        for pair in contextPairs {
            let (key, value) = try split(pair, option: "--context")
            contextValues[key, default: []].append(value)
        }
        let policies = PolicySet(
            identityPolicies: try identityFiles.map { try PolicyFiles.compile($0) },
            permissionsBoundary: try boundaryFile.map { try PolicyFiles.compile($0) },
            sessionPolicies: try sessionFiles.map { try PolicyFiles.compile($0) },
            resourcePolicy: try resourcePolicyFile.map { try PolicyFiles.compile($0) },
            resourceAccount: resourceAccount,
            serviceControlPolicies: try levels(scps, option: "--scp"),
            resourceControlPolicies: try levels(rcps, option: "--rcp"),
            principalAccountIsManagementAccount: managementAccount,
            resourceAccountIsManagementAccount: resourceInManagementAccount
        )
        let request = AuthorizationRequest(
            principal: identity, action: action, resource: resource, context: RequestContext(multiValued: contextValues))
        let decision = Authorizer.authorize(request, policies)
        if json {
            print(try render(decision))
        } else {
            print("\(decision.effect): \(decision.explanation)")
        }
    }

    private func split(_ pair: String, option: String) throws -> (String, String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationError("\(option) expects KEY=VALUE, got \"\(pair)\"")
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }

    /// Groups NODE=FILE options into organization levels, keeping the order nodes first appear.
    private func levels(_ pairs: [String], option: String) throws -> [OrganizationLevel] {
        var order: [String] = []
        var files: [String: [String]] = [:]
        for pair in pairs {
            let (node, file) = try split(pair, option: option)
            if files[node] == nil { order.append(node) }
            files[node, default: []].append(file)
        }
        return try order.map { node in
            let kind: OrganizationLevel.Kind = node.hasPrefix("r-") ? .root : node.hasPrefix("ou-") ? .organizationalUnit : .account
            return OrganizationLevel(node: node, kind: kind, policies: try files[node, default: []].map { try PolicyFiles.compile($0) })
        }
    }

    private func render(_ decision: Decision) throws -> String {
        let explanation = decision.explanation
        func reference(_ ref: PolicyReference) -> [String: Any] {
            var object: [String: Any] = [
                "layer": ref.layer.rawValue, "policy": ref.policyId, "statement": ref.statement.description,
                "statementIndex": ref.statement.index,
            ]
            if let sid = ref.statement.sid { object["sid"] = sid }
            if let node = ref.organizationNode { object["organizationNode"] = node }
            return object
        }
        var object: [String: Any] = [
            "decision": decision.effect.rawValue,
            "layer": explanation.layer.rawValue,
            "action": explanation.action,
            "resource": explanation.resource,
            "explanation": explanation.description,
            "missingContextKeys": Array(explanation.missingContextKeys),
        ]
        if let statement = explanation.decidingStatement { object["statement"] = reference(statement) }
        if !explanation.supportingStatements.isEmpty { object["supportingStatements"] = explanation.supportingStatements.map(reference) }
        if let node = explanation.organizationNode { object["organizationNode"] = node }
        if let kind = explanation.organizationNodeKind { object["organizationNodeKind"] = kind.rawValue }
        if let reason = explanation.reason { object["reason"] = reason }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
