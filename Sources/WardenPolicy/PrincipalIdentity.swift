/// Who makes a request: what IAM knows about the caller after authentication.
public struct PrincipalIdentity: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The account root user: needs no identity policy, but SCPs still apply.
        case root
        case user
        /// A role session (`arn:aws:sts::…:assumed-role/ROLE/SESSION`).
        case assumedRole
        /// A session of a service-linked role: exempt from SCPs and RCPs.
        case serviceLinkedRole
        /// A `GetFederationToken` session (`arn:aws:sts::…:federated-user/NAME`).
        case federatedUser
        /// An AWS service principal (`ec2.amazonaws.com`): exempt from SCPs.
        case service
        /// A caller authenticated by an OpenID Connect token (`AssumeRoleWithWebIdentity`): named only by a
        /// `Federated` principal (its provider), allowed only by the resource's policy (the role's trust policy).
        case webIdentityUser
        case anonymous
    }

    /// Whether identity-based policies, permissions boundaries, session policies and SCPs apply: they do to
    /// the users, roles and root of an account, not to services, web identities or anonymous callers.
    public var isIAMPrincipal: Bool { kind != .service && kind != .anonymous && kind != .webIdentityUser }

    public var kind: Kind
    /// The account the principal belongs to (`nil` for services and anonymous callers).
    public var accountId: String?
    /// User ARN, session ARN, root ARN, or the service name for services.
    public var arn: String
    /// For role sessions: the role's ARN (matched by a `Principal` naming the role).
    public var roleArn: String?
    public var userName: String?
    /// `aws:userid`: the user's unique id, or `ROLEID:session` for sessions.
    public var userId: String?
    public var tags: [String: String]
    /// For web-identity / SAML sessions: the provider a `Federated` principal names.
    public var federatedProvider: String?
    public var canonicalUserId: String?

    public init(
        kind: Kind, accountId: String?, arn: String, roleArn: String? = nil, userName: String? = nil,
        userId: String? = nil, tags: [String: String] = [:], federatedProvider: String? = nil, canonicalUserId: String? = nil
    ) {
        self.kind = kind
        self.accountId = accountId
        self.arn = arn
        self.roleArn = roleArn
        self.userName = userName
        self.userId = userId
        self.tags = tags
        self.federatedProvider = federatedProvider
        self.canonicalUserId = canonicalUserId
    }

    public static func user(account: String, name: String, path: String = "/", userId: String? = nil, tags: [String: String] = [:], partition: String = "aws") -> PrincipalIdentity {
        PrincipalIdentity(kind: .user, accountId: account, arn: "arn:\(partition):iam::\(account):user\(path)\(name)", userName: name, userId: userId, tags: tags)
    }

    /// A session of role `roleName`. `aws:PrincipalArn` is the role ARN, as in IAM.
    public static func assumedRole(
        account: String, roleName: String, path: String = "/", sessionName: String, roleId: String? = nil,
        tags: [String: String] = [:], serviceLinked: Bool = false, partition: String = "aws"
    ) -> PrincipalIdentity {
        PrincipalIdentity(
            kind: serviceLinked ? .serviceLinkedRole : .assumedRole, accountId: account,
            arn: "arn:\(partition):sts::\(account):assumed-role/\(roleName)/\(sessionName)",
            roleArn: "arn:\(partition):iam::\(account):role\(path)\(roleName)",
            userId: roleId.map { "\($0):\(sessionName)" }, tags: tags)
    }

    public static func root(account: String, partition: String = "aws") -> PrincipalIdentity {
        PrincipalIdentity(kind: .root, accountId: account, arn: "arn:\(partition):iam::\(account):root", userId: account)
    }

    public static func service(_ name: String) -> PrincipalIdentity {
        PrincipalIdentity(kind: .service, accountId: nil, arn: name)
    }

    /// The ARN that `aws:PrincipalArn` reports: the role ARN for role sessions.
    public var principalArn: String { roleArn ?? arn }

    /// `aws:PrincipalType` as IAM reports it.
    public var principalTypeName: String {
        switch kind {
        case .root: "Account"
        case .user: "User"
        case .assumedRole, .serviceLinkedRole: "AssumedRole"
        case .federatedUser: "FederatedUser"
        case .service: "Service"
        case .webIdentityUser: "WebIdentityUser"
        case .anonymous: "Anonymous"
        }
    }

    /// The condition keys IAM derives from the principal: `aws:PrincipalArn`,
    /// `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:userid`, `aws:username` (users),
    /// `aws:PrincipalTag/KEY`, `aws:PrincipalIsAWSService` (and `aws:PrincipalServiceName`). Compute once per principal and pass to ``AuthorizationRequest``.
    public var contextKeys: RequestContext {
        var result = RequestContext()
        func add(_ key: String, _ value: String?) {
            if let value { result.set(key, value) }
        }
        if kind == .service {
            add("aws:PrincipalServiceName", arn)
            add("aws:PrincipalIsAWSService", "true")
            return result
        }
        guard kind != .anonymous else { return result }
        if kind == .webIdentityUser {
            add("aws:PrincipalIsAWSService", "false")
            add("aws:PrincipalType", principalTypeName)
            add("aws:userid", userId)
            return result
        }
        add("aws:PrincipalIsAWSService", "false")
        add("aws:PrincipalArn", principalArn)
        add("aws:PrincipalAccount", accountId)
        add("aws:PrincipalType", principalTypeName)
        add("aws:userid", userId)
        if kind == .user { add("aws:username", userName) }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) { add("aws:PrincipalTag/\(key)", value) }
        return result
    }
}

extension PrincipalIdentity {
    /// Reads a principal from how it is usually written: a user, role-session or root ARN,
    /// an account id (the root user) or a service name (`ec2.amazonaws.com`).
    public init?(parsing text: String) {
        if ARN.isAccountId(text[...]) {
            self = .root(account: text)
            return
        }
        guard let arn = ARN(text) else {
            guard text.contains("."), !text.contains(":") else { return nil }
            self = .service(text)
            return
        }
        let resource = arn.resource
        if arn.service == "iam", resource == "root" {
            self = .root(account: arn.accountId, partition: arn.partition)
        } else if arn.service == "iam", resource.hasPrefix("user/") {
            let name = String(resource.split(separator: "/").last ?? "")
            self = PrincipalIdentity(kind: .user, accountId: arn.accountId, arn: text, userName: name)
        } else if arn.service == "sts", resource.hasPrefix("assumed-role/") {
            let parts = resource.split(separator: "/")
            guard parts.count >= 3 else { return nil }
            self = PrincipalIdentity(
                kind: parts[1].hasPrefix("AWSServiceRoleFor") ? .serviceLinkedRole : .assumedRole, accountId: arn.accountId, arn: text,
                roleArn: "arn:\(arn.partition):iam::\(arn.accountId):role/\(parts[1])")
        } else if arn.service == "sts", resource.hasPrefix("federated-user/") {
            self = PrincipalIdentity(kind: .federatedUser, accountId: arn.accountId, arn: text)
        } else {
            return nil
        }
    }
}
