import Testing
import WardenPolicy

/// AWS's documented evaluation flow: "Policy evaluation logic", "Cross-account policy
/// evaluation logic", "Permissions boundaries", "Session policies", "SCP evaluation",
/// "Resource control policies".
@Suite("Evaluation logic")
struct EvaluationTests {
    typealias F = Fixture
    static let account = Fixture.account
    static let other = Fixture.otherAccount

    static func scpLevels(root: [CompiledPolicy] = [F.allowAll], ou: [CompiledPolicy] = [F.allowAll], account: [CompiledPolicy] = [F.allowAll]) -> [OrganizationLevel] {
        [
            OrganizationLevel(node: "r-ab12", kind: .root, policies: root),
            OrganizationLevel(node: "ou-ab12-11111111", kind: .organizationalUnit, policies: ou),
            OrganizationLevel(node: Fixture.account, kind: .account, policies: account),
        ]
    }

    // MARK: Basics

    @Test("default is an implicit deny; an Allow allows; an explicit Deny overrides any Allow")
    func basics() {
        let request = F.request("s3:GetObject", "arn:aws:s3:::b/k")
        #expect(Authorizer.authorize(request, PolicySet()).effect == .implicitDeny)
        let allow = F.policy(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#, id: "allow")
        #expect(Authorizer.authorize(request, PolicySet(identityPolicies: [allow])).effect == .allow)
        let deny = F.policy(#"{"Sid": "NoS3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#, id: "deny")
        let decision = Authorizer.authorize(request, PolicySet(identityPolicies: [allow, deny]))
        #expect(decision.effect == .explicitDeny)
        #expect(decision.explanation.decidingStatement?.policyId == "deny")
        #expect(decision.explanation.decidingStatement?.statement.sid == "NoS3")
        #expect(decision.description == "explicitly denied by identity-based policy deny statement NoS3")
    }

    @Test("an explicit Deny in any layer wins", arguments: ["scp", "rcp", "resource", "boundary", "session", "identity"])
    func denyAnywhere(layer: String) {
        let deny = F.policy(#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}"#, id: "deny")
        let allowResource = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let rcpAllow = F.policy(#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#, id: "RCPFullAWSAccess")
        let set = PolicySet(
            identityPolicies: [F.allowAll] + (layer == "identity" ? [deny] : []),
            permissionsBoundary: layer == "boundary" ? F.policy(#"[{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]"#) : nil,
            sessionPolicies: layer == "session" ? [F.allowAll, deny] : [],
            resourcePolicy: layer == "resource" ? F.policy(#"[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]"#) : allowResource,
            serviceControlPolicies: Self.scpLevels(account: layer == "scp" ? [F.allowAll, deny] : [F.allowAll]),
            resourceControlPolicies: layer == "rcp"
                ? [OrganizationLevel(node: "r-ab12", kind: .root, policies: [rcpAllow, F.policy(#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#, id: "rcp-deny")])]
                : [])
        let decision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set)
        #expect(decision.effect == .explicitDeny, "\(decision)")
    }

    // MARK: SCPs

    @Test("SCPs: every level from the root to the account must allow")
    func scpInheritance() {
        let s3Only = F.policy(#"{"Sid": "S3Only", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#, id: "p-s3only")
        let set = PolicySet(identityPolicies: [F.allowAll], serviceControlPolicies: Self.scpLevels(ou: [s3Only]))
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set).effect == .allow)
        let decision = Authorizer.authorize(F.request("iam:CreateUser", "arn:aws:iam::111122223333:user/x"), set)
        #expect(decision.effect == .implicitDeny)
        #expect(decision.explanation.layer == .serviceControlPolicy)
        #expect(decision.explanation.organizationNode == "ou-ab12-11111111")
        #expect(decision.description == "implicitly denied: no SCP attached to ou-ab12-11111111 allows iam:CreateUser")
    }

    @Test("SCPs: an allow at the account level alone is not enough")
    func scpAccountOnly() {
        let set = PolicySet(identityPolicies: [F.allowAll], serviceControlPolicies: Self.scpLevels(root: [F.policy(#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)]))
        let decision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set)
        #expect(decision.effect == .implicitDeny)
        #expect(decision.explanation.organizationNode == "r-ab12")
    }

    @Test("SCPs: an explicit deny names the policy, the statement and the node")
    func scpDenyExplanation() {
        let guardrail = F.policy(#"{"Sid": "DenyIAM", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}"#, id: "p-examplepolicyid111")
        let set = PolicySet(identityPolicies: [F.allowAll], serviceControlPolicies: Self.scpLevels(ou: [F.allowAll, guardrail]))
        let decision = Authorizer.authorize(F.request("iam:CreateUser"), set)
        #expect(decision.effect == .explicitDeny)
        #expect(decision.description == "explicitly denied by SCP p-examplepolicyid111 statement DenyIAM attached to ou-ab12-11111111")
    }

    @Test("SCPs do not grant: the identity policy must still allow")
    func scpDoesNotGrant() {
        let set = PolicySet(serviceControlPolicies: Self.scpLevels())
        let decision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set)
        #expect(decision.effect == .implicitDeny)
        #expect(decision.explanation.layer == .identityPolicy)
    }

    @Test("the management account, service principals and service-linked roles are not restricted by SCPs")
    func scpExemptions() {
        let denyAll = F.policy(#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#)
        let levels = Self.scpLevels(root: [denyAll])
        let management = PolicySet(identityPolicies: [F.allowAll], serviceControlPolicies: levels, principalAccountIsManagementAccount: true)
        #expect(Authorizer.authorize(F.request("iam:CreateUser"), management).effect == .allow)
        let slr = PrincipalIdentity.assumedRole(account: Self.account, roleName: "AWSServiceRoleForSupport", sessionName: "s", serviceLinked: true)
        let member = PolicySet(identityPolicies: [F.allowAll], serviceControlPolicies: levels)
        #expect(Authorizer.authorize(F.request("iam:CreateUser", principal: slr), member).effect == .allow)
        let bucketPolicy = F.policy(#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/*"}"#)
        let service = PolicySet(resourcePolicy: bucketPolicy, serviceControlPolicies: levels)
        #expect(Authorizer.authorize(F.request("s3:PutObject", "arn:aws:s3:::trail/x", principal: .service("cloudtrail.amazonaws.com")), service).effect == .allow)
    }

    @Test("the root user needs no identity policy but is restricted by SCPs in a member account")
    func rootUser() {
        let root = PrincipalIdentity.root(account: Self.account)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: root), PolicySet()).effect == .allow)
        let denyS3 = F.policy(#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#)
        let set = PolicySet(serviceControlPolicies: Self.scpLevels(account: [F.allowAll, denyS3]))
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: root), set).effect == .explicitDeny)
    }

    // MARK: RCPs

    @Test("RCPs: resources of member accounts; every level must allow; management account exempt")
    func rcps() {
        let full = F.policy(#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#, id: "RCPFullAWSAccess")
        let enforceTLS = F.policy(#"{"Sid": "EnforceTLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}"#, id: "p-rcp-tls")
        let levels = [
            OrganizationLevel(node: "r-ab12", kind: .root, policies: [full, enforceTLS]),
            OrganizationLevel(node: "ou-ab12-22222222", kind: .organizationalUnit, policies: [full]),
            OrganizationLevel(node: Self.account, kind: .account, policies: [full]),
        ]
        let set = PolicySet(identityPolicies: [F.allowAll], resourceControlPolicies: levels)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", context: ["aws:SecureTransport": "true"]), set).effect == .allow)
        let insecure = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", context: ["aws:SecureTransport": "false"]), set)
        #expect(insecure.effect == .explicitDeny)
        #expect(insecure.description == "explicitly denied by RCP p-rcp-tls statement EnforceTLS attached to r-ab12")
        // A level without an allowing RCP denies implicitly.
        let gap = PolicySet(identityPolicies: [F.allowAll], resourceControlPolicies: [levels[0], OrganizationLevel(node: "ou-ab12-22222222", kind: .organizationalUnit, policies: [])])
        let gapDecision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", context: ["aws:SecureTransport": "true"]), gap)
        #expect(gapDecision.effect == .implicitDeny)
        #expect(gapDecision.description == "implicitly denied: no RCP attached to ou-ab12-22222222 allows s3:GetObject")
        // Resources in the management account are not restricted by RCPs.
        let management = PolicySet(identityPolicies: [F.allowAll], resourceControlPolicies: levels, resourceAccountIsManagementAccount: true)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", context: ["aws:SecureTransport": "false"]), management).effect == .allow)
    }

    // MARK: Resource-based policies (same account)

    @Test("same account: a resource policy naming the user allows without an identity policy")
    func resourcePolicyGrantsUser() {
        let bucket = F.policy(#"{"Sid": "AliceReads", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#, id: "bucket-b")
        let decision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(resourcePolicy: bucket, resourceAccount: Self.account))
        #expect(decision.effect == .allow)
        #expect(decision.description == "allowed by resource-based policy bucket-b statement AliceReads")
    }

    @Test("same account: a resource policy naming only the account delegates to identity policies")
    func resourcePolicyAccount() {
        let bucket = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(resourcePolicy: bucket)).effect == .implicitDeny)
        let identity = F.policy(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(identityPolicies: [identity], resourcePolicy: bucket)).effect == .allow)
    }

    @Test("the resource policy's Principal must name the caller")
    func resourcePolicyOtherPrincipal() {
        let bucket = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(resourcePolicy: bucket)).effect == .implicitDeny)
    }

    // MARK: Permissions boundaries

    @Test("boundary: effective permissions are the intersection with identity policies")
    func boundaryIntersection() {
        let identity = F.policy(#"{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*"}"#)
        let boundary = F.policy(#"{"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}"#, id: "arn:aws:iam::111122223333:policy/Boundary")
        let set = PolicySet(identityPolicies: [identity], permissionsBoundary: boundary)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set).effect == .allow)
        let iam = Authorizer.authorize(F.request("iam:CreateUser"), set)
        #expect(iam.effect == .implicitDeny)
        #expect(iam.explanation.layer == .permissionsBoundary)
        // The boundary alone grants nothing.
        #expect(Authorizer.authorize(F.request("ec2:RunInstances"), set).effect == .implicitDeny)
    }

    @Test("boundary: a resource policy naming the user ARN is not limited by the boundary")
    func boundaryUserException() {
        let boundary = F.policy(#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)
        let byUser = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(permissionsBoundary: boundary, resourcePolicy: byUser)).effect == .allow)
    }

    @Test("boundary: a resource policy naming the role ARN is limited; naming the session ARN is not")
    func boundaryRoleException() {
        let boundary = F.policy(#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)
        let byRole = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deployer"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let bySession = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/Deployer/ci"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let request = F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: F.roleSession)
        #expect(Authorizer.authorize(request, PolicySet(permissionsBoundary: boundary, resourcePolicy: byRole)).effect == .implicitDeny)
        #expect(Authorizer.authorize(request, PolicySet(resourcePolicy: byRole)).effect == .allow)
        #expect(Authorizer.authorize(request, PolicySet(permissionsBoundary: boundary, resourcePolicy: bySession)).effect == .allow)
    }

    // MARK: Session policies

    @Test("session policies: intersection with the role's identity policies")
    func sessionIntersection() {
        let identity = F.policy(#"{"Effect": "Allow", "Action": ["s3:*", "dynamodb:*"], "Resource": "*"}"#)
        let session = F.policy(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#, id: "session")
        let set = PolicySet(identityPolicies: [identity], sessionPolicies: [session])
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: F.roleSession), set).effect == .allow)
        let put = Authorizer.authorize(F.request("s3:PutObject", "arn:aws:s3:::b/k", principal: F.roleSession), set)
        #expect(put.effect == .implicitDeny)
        #expect(put.explanation.layer == .sessionPolicy)
        // A session policy cannot grant more than the identity policies.
        let wide = PolicySet(identityPolicies: [identity], sessionPolicies: [F.allowAll])
        #expect(Authorizer.authorize(F.request("iam:CreateUser", principal: F.roleSession), wide).effect == .implicitDeny)
    }

    @Test("session policies: a resource policy naming the session ARN is not limited; naming the role ARN is")
    func sessionException() {
        let session = F.policy(#"{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}"#)
        let bySession = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/Deployer/ci"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let byRole = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deployer"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let request = F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: F.roleSession)
        #expect(Authorizer.authorize(request, PolicySet(sessionPolicies: [session], resourcePolicy: bySession)).effect == .allow)
        #expect(Authorizer.authorize(request, PolicySet(sessionPolicies: [session], resourcePolicy: byRole)).effect == .implicitDeny)
    }

    // MARK: Cross-account

    @Test("cross-account: both the principal's identity policy and the resource policy must allow")
    func crossAccount() {
        let identity = F.policy(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}"#)
        let bucket = F.policy(#"{"Sid": "TrustAccountA", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}"#, id: "bucket-shared")
        let request = F.request("s3:GetObject", "arn:aws:s3:::shared/k")
        let both = Authorizer.authorize(request, PolicySet(identityPolicies: [identity], resourcePolicy: bucket, resourceAccount: Self.other))
        #expect(both.effect == .allow)
        #expect(both.explanation.supportingStatements.first?.policyId == "bucket-shared")
        let noResource = Authorizer.authorize(request, PolicySet(identityPolicies: [identity], resourceAccount: Self.other))
        #expect(noResource.effect == .implicitDeny)
        #expect(noResource.explanation.layer == .resourcePolicy)
        // A resource policy naming the user still needs the user's own account to allow.
        let byUser = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "*"}"#)
        let noIdentity = Authorizer.authorize(request, PolicySet(resourcePolicy: byUser, resourceAccount: Self.other))
        #expect(noIdentity.effect == .implicitDeny)
        #expect(noIdentity.explanation.layer == .identityPolicy)
        // The principal's SCPs still apply.
        let scp = PolicySet(identityPolicies: [identity], resourcePolicy: bucket, resourceAccount: Self.other,
                            serviceControlPolicies: Self.scpLevels(ou: [F.policy(#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)]))
        #expect(Authorizer.authorize(request, scp).effect == .implicitDeny)
    }

    @Test("cross-account AssumeRole: the trust policy and the caller's identity policy")
    func assumeRole() {
        let trust = F.policy(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#, id: "trust")
        let identity = F.policy(#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/Admin"}"#)
        let set = PolicySet(identityPolicies: [identity], resourcePolicy: trust, resourceAccount: Self.other)
        #expect(Authorizer.authorize(F.request("sts:AssumeRole", "arn:aws:iam::444455556666:role/Admin", context: ["aws:MultiFactorAuthPresent": "true"]), set).effect == .allow)
        #expect(Authorizer.authorize(F.request("sts:AssumeRole", "arn:aws:iam::444455556666:role/Admin"), set).effect == .implicitDeny)
    }

    // MARK: NotPrincipal

    @Test("NotPrincipal with Deny: everyone but the listed principals (account listed too, as AWS requires)")
    func notPrincipal() {
        let bucket = F.policy(#"""
            [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
             {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root"]}, "Action": "s3:GetObject", "Resource": "*"}]
            """#)
        let set = PolicySet(resourcePolicy: bucket)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set).effect == .allow)
        let bob = PrincipalIdentity.user(account: Self.account, name: "bob")
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: bob), set).effect == .explicitDeny)
        // Without the account ARN, the deny still applies to alice.
        let userOnly = F.policy(#"""
            [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
             {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "*"}]
            """#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(resourcePolicy: userOnly)).effect == .explicitDeny)
        // A role session is excluded only when the session ARN, the role ARN and the account are listed.
        let roleExcluded = F.policy(#"""
            [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
             {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:sts::111122223333:assumed-role/Deployer/ci", "arn:aws:iam::111122223333:role/Deployer", "111122223333"]}, "Action": "s3:GetObject", "Resource": "*"}]
            """#)
        #expect(Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k", principal: F.roleSession), PolicySet(resourcePolicy: roleExcluded)).effect == .allow)
    }

    @Test("NotPrincipal with Deny always denies a principal that has a permissions boundary")
    func notPrincipalBoundary() {
        let bucket = F.policy(#"""
            [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
             {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root"]}, "Action": "s3:GetObject", "Resource": "*"}]
            """#)
        let boundary = F.allowAll
        let decision = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(identityPolicies: [F.allowAll], permissionsBoundary: boundary, resourcePolicy: bucket))
        #expect(decision.effect == .explicitDeny)
    }

    @Test("RCPs apply to AWS service principals too (unlike SCPs)")
    func rcpServicePrincipal() {
        let full = F.policy(#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#)
        let denyServices = F.policy(#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:PrincipalIsAWSService": "true"}}}"#)
        let bucket = F.policy(#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "*"}"#)
        let set = PolicySet(resourcePolicy: bucket, resourceControlPolicies: [OrganizationLevel(node: "r-ab12", kind: .root, policies: [full, denyServices])])
        let request = F.request("s3:PutObject", "arn:aws:s3:::trail/x", principal: .service("cloudtrail.amazonaws.com"), context: ["aws:PrincipalIsAWSService": "true"])
        #expect(Authorizer.authorize(request, set).effect == .explicitDeny)
    }

    // MARK: Explanations

    @Test("explanations: allow names the statement; identity implicit deny names the action")
    func explanations() {
        let policy = F.policy(#"[{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}, {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]"#, id: "arn:aws:iam::111122223333:policy/Read")
        let set = PolicySet(identityPolicies: [policy])
        let allowed = Authorizer.authorize(F.request("s3:GetObject", "arn:aws:s3:::b/k"), set)
        #expect(allowed.description == "allowed by identity-based policy arn:aws:iam::111122223333:policy/Read statement Read")
        let byIndex = Authorizer.authorize(F.request("s3:ListBucket", "arn:aws:s3:::b"), set)
        #expect(byIndex.explanation.decidingStatement?.statement.description == "#0")
        let denied = Authorizer.authorize(F.request("s3:PutObject", "arn:aws:s3:::b/k"), set)
        #expect(denied.description == "implicitly denied: no identity-based policy allows s3:PutObject on arn:aws:s3:::b/k")
    }
}
