public import Foundation
public import WardenPolicy

/// The fixed authorization workload (`Fixtures/authz-workload`): alice's identity policies,
/// the SCP chain of her member account, and 1,000 requests with their expected decisions.
public struct AuthzWorkload: Sendable {
    public struct Case: Sendable {
        public let request: AuthorizationRequest
        public let expect: DecisionEffect
        /// The raw request, to measure request set-up as part of a decision.
        public let action: String
        public let resource: String
        public let context: [String: String]
    }

    public let policies: PolicySet
    public let cases: [Case]
    public let identityStatementCount: Int

    public static let principal = PrincipalIdentity.user(
        account: "111122223333", name: "alice", userId: "AIDAEXAMPLEALICE0001",
        tags: ["team": "payments", "env": "prod", "costcenter": "cc-42"])

    /// `AUTHZ_WORKLOAD`, else the copy kept in the repository (`Fixtures/authz-workload`, the same files as
    /// the team's benchmark workload), so tests and benchmarks need nothing beside the checkout.
    public static func locate(filePath: String = #filePath) -> URL? {
        let manager = FileManager.default
        func valid(_ url: URL) -> Bool { manager.fileExists(atPath: url.appendingPathComponent("requests.json").path) }
        if let path = ProcessInfo.processInfo.environment["AUTHZ_WORKLOAD"] {
            let url = URL(fileURLWithPath: path)
            return valid(url) ? url : nil
        }
        let repository = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = repository.appendingPathComponent("Fixtures/authz-workload")
        return valid(fixture) ? fixture : nil
    }

    public init(directory: URL, extraStatements: Int = 0) throws {
        func load(_ name: String) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
        }
        func document(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let identity = try load("identity_policies.json") as! [[String: Any]]
        var identityPolicies = try identity.map { entry in
            try CompiledPolicy(id: entry["name"] as! String, json: document(entry["document"]!))
        }
        identityPolicies += try Self.generatedPolicies(statements: extraStatements)
        identityStatementCount = identityPolicies.reduce(0) { $0 + $1.statementCount }
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
            let contextValues = entry["context"] as! [String: String]
            let action = entry["action"] as! String
            let resource = entry["resource"] as! String
            let request = AuthorizationRequest(principal: Self.principal, action: action, resource: resource, context: RequestContext(contextValues))
            return Case(
                request: request, expect: DecisionEffect(rawValue: entry["expect"] as! String)!,
                action: action, resource: resource, context: contextValues)
        }
    }

    /// Checks every decision against `expect`; returns the mismatches (empty when all agree).
    public func mismatches() -> [String] {
        var result: [String] = []
        for (index, testCase) in cases.enumerated() {
            let decision = Authorizer.authorize(testCase.request, policies)
            if decision.effect != testCase.expect {
                result.append("#\(index) \(testCase.action) \(testCase.resource): expected \(testCase.expect), got \(decision.effect) (\(decision.explanation))")
            }
        }
        return result
    }

    /// Statements over the workload's services, actions and account, whose resources
    /// (`gen<N>-…`) exist in no request: they cost matching work but change no decision.
    static func generatedPolicies(statements: Int) throws -> [CompiledPolicy] {
        guard statements > 0 else { return [] }
        let services: [(service: String, actions: [String], resource: (Int) -> String)] = [
            ("s3", ["s3:GetObject", "s3:PutObject", "s3:List*", "s3:GetBucket*"], { "arn:aws:s3:::gen\($0)-archive/*" }),
            ("dynamodb", ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:*Item"], { "arn:aws:dynamodb:*:111122223333:table/gen\($0)-orders" }),
            ("sqs", ["sqs:SendMessage", "sqs:*Message"], { "arn:aws:sqs:*:111122223333:gen\($0)-queue" }),
            ("kms", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], { "arn:aws:kms:*:111122223333:key/gen\($0)-key" }),
            ("ec2", ["ec2:Describe*", "ec2:StartInstances"], { "arn:aws:ec2:*:111122223333:instance/i-gen\($0)" }),
            ("iam", ["iam:Get*", "iam:PassRole"], { "arn:aws:iam::111122223333:role/gen\($0)-*" }),
            ("logs", ["logs:PutLogEvents", "logs:CreateLogStream"], { "arn:aws:logs:*:111122223333:log-group:/gen\($0)/*" }),
            ("lambda", ["lambda:InvokeFunction", "lambda:Get*"], { "arn:aws:lambda:*:111122223333:function:gen\($0)-fn" }),
            ("sts", ["sts:AssumeRole"], { "arn:aws:iam::111122223333:role/gen\($0)-deploy" }),
            ("cloudtrail", ["cloudtrail:LookupEvents"], { "arn:aws:cloudtrail:*:111122223333:trail/gen\($0)" }),
        ]
        let conditions = [
            #"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}"#,
            #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
            #"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}"#,
            #"{"StringEquals": {"aws:PrincipalTag/team": "payments"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
            #"{"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}"#,
        ]
        var generator = SplitMix64(seed: 0x5EED_CAFE)
        var policies: [CompiledPolicy] = []
        var index = 0
        while index < statements {
            var texts: [String] = []
            for _ in 0..<min(10, statements - index) {
                let service = services[Int(generator.next() % UInt64(services.count))]
                let action = service.actions[Int(generator.next() % UInt64(service.actions.count))]
                let effect = index % 10 == 9 ? "Deny" : "Allow"
                var text = #"{"Sid": "Gen\#(index)", "Effect": "\#(effect)", "Action": "\#(action)", "Resource": "\#(service.resource(index))""#
                if generator.next() % 10 < 8 {
                    text += #", "Condition": \#(conditions[Int(generator.next() % UInt64(conditions.count))])"#
                }
                texts.append(text + "}")
                index += 1
            }
            let json = #"{"Version": "2012-10-17", "Statement": [\#(texts.joined(separator: ", "))]}"#
            policies.append(try CompiledPolicy(id: "generated-\(policies.count)", json: json))
        }
        return policies
    }
}

/// A small deterministic generator (SplitMix64).
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
