import Testing
import WardenPolicy

/// A small deterministic generator (SplitMix64) so property and fuzz tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}

/// Random but plausible policies and requests over a small vocabulary, so matches are frequent.
struct PolicyGenerator {
    var random: SeededRandom

    static let actions = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "iam:*", "iam:CreateUser", "ec2:Describe*", "*", "sts:AssumeRole", "dynamodb:?etItem"]
    static let requestActions = ["s3:GetObject", "s3:PutObject", "iam:CreateUser", "ec2:DescribeInstances", "sts:AssumeRole", "dynamodb:GetItem", "kms:Decrypt"]
    static let resources = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/private/*", "arn:aws:iam::111122223333:user/*", "arn:aws:*:*:111122223333:*", "arn:aws:s3:::${aws:username}/*"]
    static let requestResources = ["arn:aws:s3:::b/k", "arn:aws:s3:::b/private/k", "arn:aws:iam::111122223333:user/x", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:s3:::alice/k"]
    static let conditions = [
        #"{"Bool": {"aws:SecureTransport": "true"}}"#,
        #"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}"#,
        #"{"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}"#,
        #"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
        #"{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "600"}}"#,
        #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}}"#,
        #"{"Null": {"aws:ResourceTag/env": "true"}}"#,
    ]

    mutating func statement(effect: String? = nil, principal: Bool = false) -> String {
        let effect = effect ?? (random.chance(30) ? "Deny" : "Allow")
        let actionKey = random.chance(15) ? "NotAction" : "Action"
        let resourceKey = random.chance(10) ? "NotResource" : "Resource"
        var text = #"{"Effect": "\#(effect)", "\#(actionKey)": "\#(random.pick(Self.actions))", "\#(resourceKey)": "\#(random.pick(Self.resources))""#
        if principal {
            let principals = [#""*""#, #"{"AWS": "111122223333"}"#, #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#, #"{"AWS": "arn:aws:iam::111122223333:user/bob"}"#]
            text += #", "Principal": \#(random.pick(principals))"#
        }
        if random.chance(40) { text += #", "Condition": \#(random.pick(Self.conditions))"# }
        return text + "}"
    }

    mutating func policy(statements: Int, principal: Bool = false, id: String) -> CompiledPolicy {
        let body = (0..<statements).map { _ in statement(principal: principal) }.joined(separator: ",")
        return Fixture.policy(#"{"Version": "2012-10-17", "Statement": [\#(body)]}"#, id: id)
    }

    mutating func levels(allowing: Bool) -> [OrganizationLevel] {
        [("r-root", OrganizationLevel.Kind.root), ("ou-x", .organizationalUnit), ("111122223333", .account)].map { node, kind in
            var policies = [CompiledPolicy]()
            if allowing { policies.append(Fixture.allowAll) }
            if random.chance(50) { policies.append(policy(statements: 1 + Int(random.next() % 3), id: "scp-\(node)")) }
            return OrganizationLevel(node: node, kind: kind, policies: policies)
        }
    }

    struct Inputs {
        var identity: [CompiledPolicy]
        var boundary: CompiledPolicy?
        var session: [CompiledPolicy]
        var resource: CompiledPolicy?
        var scps: [OrganizationLevel]
        var resourceAccount: String?
        var management = false

        var set: PolicySet {
            PolicySet(identityPolicies: identity, permissionsBoundary: boundary, sessionPolicies: session, resourcePolicy: resource,
                      resourceAccount: resourceAccount, serviceControlPolicies: scps, principalAccountIsManagementAccount: management)
        }
    }

    mutating func inputs() -> Inputs {
        Inputs(
            identity: (0..<Int(random.next() % 3)).map { policy(statements: 1 + Int(random.next() % 4), id: "id-\($0)") },
            boundary: random.chance(25) ? policy(statements: 2, id: "boundary") : nil,
            session: random.chance(20) ? [policy(statements: 2, id: "session")] : [],
            resource: random.chance(40) ? policy(statements: 2, principal: true, id: "resource") : nil,
            scps: random.chance(50) ? levels(allowing: random.chance(80)) : [],
            resourceAccount: random.chance(20) ? Fixture.otherAccount : nil)
    }

    mutating func request() -> AuthorizationRequest {
        var context: [String: String] = [:]
        if random.chance(60) { context["aws:SecureTransport"] = random.chance(50) ? "true" : "false" }
        if random.chance(60) { context["aws:RequestedRegion"] = random.pick(["us-east-1", "eu-west-1", "ap-south-1"]) }
        if random.chance(60) { context["aws:SourceIp"] = random.pick(["10.1.2.3", "192.0.2.1"]) }
        if random.chance(30) { context["aws:MultiFactorAuthAge"] = random.pick(["30", "9000"]) }
        if random.chance(30) { context["aws:ResourceTag/env"] = "prod" }
        let principal = random.pick([Fixture.alice, Fixture.roleSession, PrincipalIdentity.user(account: Fixture.account, name: "bob")])
        var multi: [String: [String]] = [:]
        if random.chance(30) { multi["aws:TagKeys"] = random.pick([["a"], ["c"], ["a", "c"]]) }
        return Fixture.request(random.pick(Self.requestActions), random.pick(Self.requestResources), principal: principal, context: context, multi: multi)
    }
}

@Suite("Properties over random documents")
struct PropertyTests {
    static let rounds = 600

    @Test("adding a Deny statement never turns a deny into an allow")
    func addingDeny() {
        var generator = PolicyGenerator(random: SeededRandom(seed: 1))
        for _ in 0..<Self.rounds {
            var inputs = generator.inputs()
            let request = generator.request()
            let before = Authorizer.authorize(request, inputs.set)
            let deny = Fixture.policy(#"{"Version": "2012-10-17", "Statement": [\#(generator.statement(effect: "Deny"))]}"#, id: "added-deny")
            switch generator.random.next() % 4 {
            case 0: inputs.identity.append(deny)
            case 1:
                if let boundary = inputs.boundary {
                    inputs.boundary = try? CompiledPolicy(id: boundary.id, document: PolicyDocument(
                        version: .v2012_10_17, statements: boundary.document.statements + deny.document.statements))
                } else {
                    inputs.identity.append(deny)
                }
            case 2 where !inputs.scps.isEmpty:
                let level = inputs.scps[2]
                inputs.scps[2] = OrganizationLevel(node: level.node, kind: level.kind, policies: level.policies + [deny])
            default: inputs.session.append(deny)
            }
            let after = Authorizer.authorize(request, inputs.set)
            if before.effect != .allow {
                #expect(after.effect != .allow, "a Deny turned \(before) into \(after)")
            }
            if before.effect == .explicitDeny {
                #expect(after.effect == .explicitDeny)
            }
        }
    }

    @Test("adding an Allow statement never turns an allow into a deny")
    func addingAllow() {
        var generator = PolicyGenerator(random: SeededRandom(seed: 2))
        for _ in 0..<Self.rounds {
            var inputs = generator.inputs()
            let request = generator.request()
            let before = Authorizer.authorize(request, inputs.set)
            let allow = Fixture.policy(#"{"Version": "2012-10-17", "Statement": [\#(generator.statement(effect: "Allow"))]}"#, id: "added-allow")
            switch generator.random.next() % 3 {
            case 0: inputs.identity.append(allow)
            case 1 where !inputs.scps.isEmpty:
                let level = inputs.scps[1]
                inputs.scps[1] = OrganizationLevel(node: level.node, kind: level.kind, policies: level.policies + [allow])
            default:
                if let resource = inputs.resource {
                    let principalAllow = Fixture.policy(#"{"Version": "2012-10-17", "Statement": [\#(generator.statement(effect: "Allow", principal: true))]}"#, id: "resource")
                    inputs.resource = try? CompiledPolicy(id: resource.id, document: PolicyDocument(
                        version: .v2012_10_17, statements: resource.document.statements + principalAllow.document.statements))
                } else {
                    inputs.identity.append(allow)
                }
            }
            let after = Authorizer.authorize(request, inputs.set)
            if before.effect == .allow {
                #expect(after.effect == .allow, "an Allow turned \(before) into \(after)")
            }
        }
    }

    @Test("an SCP chain that allows nothing denies everything in a member account")
    func scpAllowsNothing() {
        var generator = PolicyGenerator(random: SeededRandom(seed: 3))
        for _ in 0..<Self.rounds {
            var inputs = generator.inputs()
            inputs.identity.append(Fixture.allowAll)
            // Only Deny statements (or nothing) at some level.
            let denyOnly = (0..<Int(generator.random.next() % 3)).map { index in
                Fixture.policy(#"{"Version": "2012-10-17", "Statement": [\#(generator.statement(effect: "Deny"))]}"#, id: "deny-\(index)")
            }
            let levelIndex = Int(generator.random.next() % 3)
            var levels = generator.levels(allowing: true)
            levels[levelIndex] = OrganizationLevel(node: levels[levelIndex].node, kind: levels[levelIndex].kind, policies: denyOnly)
            inputs.scps = levels
            let request = generator.request()
            #expect(Authorizer.authorize(request, inputs.set).effect != .allow)
        }
    }

    @Test("the management account is never restricted by SCPs")
    func managementAccount() {
        var generator = PolicyGenerator(random: SeededRandom(seed: 4))
        for _ in 0..<Self.rounds {
            var inputs = generator.inputs()
            inputs.scps = generator.levels(allowing: generator.random.chance(50))
            inputs.management = true
            let request = generator.request()
            var withoutSCPs = inputs
            withoutSCPs.scps = []
            #expect(Authorizer.authorize(request, inputs.set).effect == Authorizer.authorize(request, withoutSCPs.set).effect)
        }
    }

    @Test("explicit deny dominates: the same Deny in any one layer gives explicitDeny")
    func denyDominates() {
        var generator = PolicyGenerator(random: SeededRandom(seed: 5))
        let deny = Fixture.policy(#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#, id: "deny-all")
        for _ in 0..<200 {
            var inputs = generator.inputs()
            inputs.identity.append(deny)
            #expect(Authorizer.authorize(generator.request(), inputs.set).effect == .explicitDeny)
        }
    }
}
