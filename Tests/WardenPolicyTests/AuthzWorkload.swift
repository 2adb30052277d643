import Foundation
import WardenPolicy

/// The shared benchmark workload (`shared/bench/authz-workload`), loaded for tests.
struct AuthzWorkload {
    struct Case {
        let request: AuthorizationRequest
        let expect: DecisionEffect
    }

    let policies: PolicySet
    let cases: [Case]

    static let principal = PrincipalIdentity.user(
        account: "111122223333", name: "alice", userId: "AIDAEXAMPLEALICE0001",
        tags: ["team": "payments", "env": "prod", "costcenter": "cc-42"])

    /// Walks up from `start` looking for a sibling `shared/bench/authz-workload`, so the tests
    /// work both in /work/policy and in /work/main.
    static func locate(from start: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: start).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/bench/authz-workload")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("requests.json").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    init(directory: URL) throws {
        func load(_ name: String) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
        }
        func document(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let identity = try load("identity_policies.json") as! [[String: Any]]
        let identityPolicies = try identity.map { entry in
            try CompiledPolicy(id: entry["name"] as! String, json: document(entry["document"]!))
        }
        let scps = try load("scps.json") as! [[String: Any]]
        let levels = try scps.map { level -> OrganizationLevel in
            let name = level["level"] as! String
            let (node, kind): (String, OrganizationLevel.Kind) = switch name {
            case "root": ("r-w0rk", .root)
            case "ou": ("ou-w0rk-payments", .organizationalUnit)
            default: ("111122223333", .account)
            }
            let policies = try (level["policies"] as! [[String: Any]]).map { entry in
                try CompiledPolicy(id: entry["name"] as! String, json: document(entry["document"]!))
            }
            return OrganizationLevel(node: node, kind: kind, policies: policies)
        }
        policies = PolicySet(identityPolicies: identityPolicies, serviceControlPolicies: levels)
        let requests = try load("requests.json") as! [[String: Any]]
        cases = requests.map { entry in
            let context = RequestContext(entry["context"] as! [String: String])
            let request = AuthorizationRequest(
                principal: Self.principal, action: entry["action"] as! String, resource: entry["resource"] as! String, context: context)
            return Case(request: request, expect: DecisionEffect(rawValue: entry["expect"] as! String)!)
        }
    }
}
