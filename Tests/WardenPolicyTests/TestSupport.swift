import WardenPolicy

/// Shorthands for the case tables.
enum Fixture {
    static let account = "111122223333"
    static let otherAccount = "444455556666"
    static let alice = PrincipalIdentity.user(account: account, name: "alice", userId: "AIDAEXAMPLEALICE0001", tags: ["team": "payments"])
    static let roleSession = PrincipalIdentity.assumedRole(account: account, roleName: "Deployer", sessionName: "ci", roleId: "AROAEXAMPLEDEPLOY001")

    /// A policy from a single statement's JSON (or a whole document when it has "Statement").
    static func policy(_ json: String, id: String = "test-policy") -> CompiledPolicy {
        let document = json.contains("\"Statement\"") ? json : #"{"Version": "2012-10-17", "Statement": \#(json)}"#
        do {
            return try CompiledPolicy(id: id, json: document)
        } catch {
            fatalError("fixture policy does not compile: \(error)\n\(document)")
        }
    }

    static let allowAll = policy(#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#, id: "FullAWSAccess")

    static func request(
        _ action: String, _ resource: String = "*", principal: PrincipalIdentity = alice, context: [String: String] = [:],
        multi: [String: [String]] = [:]
    ) -> AuthorizationRequest {
        var requestContext = RequestContext(context)
        for (key, values) in multi { requestContext[key] = values }
        return AuthorizationRequest(principal: principal, action: action, resource: resource, context: requestContext)
    }

    /// Decision for one identity policy statement (or document).
    static func identity(_ json: String, _ request: AuthorizationRequest) -> DecisionEffect {
        Authorizer.authorize(request, PolicySet(identityPolicies: [policy(json)])).effect
    }

    /// Whether a single condition block allows the request.
    static func condition(_ block: String, context: [String: String] = [:], multi: [String: [String]] = [:], version: String = "2012-10-17") -> Bool {
        let json = #"{"Version": "\#(version)", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": \#(block)}}"#
        let request = request("s3:GetObject", "arn:aws:s3:::bucket/key", context: context, multi: multi)
        return Authorizer.authorize(request, PolicySet(identityPolicies: [policy(json)])).effect == .allow
    }
}
