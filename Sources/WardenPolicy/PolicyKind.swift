/// Where a policy is used. Validation rules and size limits depend on it.
public enum PolicyKind: Sendable, Hashable, CustomStringConvertible {
    /// Which identity a policy is attached to; inline policies have per-entity limits.
    public enum IdentityAttachment: Sendable, Hashable {
        case userInline, groupInline, roleInline, managed
    }

    case identity(IdentityAttachment)
    /// A resource-based policy (bucket, key, queue, …): needs a `Principal`.
    case resource
    /// A role trust policy: a resource policy on the role, without `Resource`.
    case trust
    /// A service control policy: restricts principals of member accounts.
    case scp
    /// A resource control policy: restricts resources of member accounts.
    case rcp
    /// A permissions boundary: a managed policy used as a ceiling.
    case boundary
    /// A session policy passed to `AssumeRole*`/`GetFederationToken`.
    case session

    /// Whether whitespace counts against the size: Organizations counts every character of
    /// SCPs and RCPs (limit in bytes); IAM does not count whitespace (limit in characters).
    public var sizeCountsWhitespace: Bool {
        switch self {
        case .scp, .rcp: true
        default: false
        }
    }

    /// AWS's maximum size in characters (see ``sizeCountsWhitespace``).
    public var maximumSize: Int {
        switch self {
        case .identity(.userInline): 2_048
        case .identity(.groupInline): 5_120
        case .identity(.roleInline): 10_240
        case .identity(.managed), .boundary: 6_144
        case .scp, .rcp: 5_120
        case .session: 2_048
        case .trust: 2_048
        case .resource: 20_480
        }
    }

    /// Policies whose statements apply to the caller and so must not name a principal.
    var forbidsPrincipal: Bool {
        switch self {
        case .identity, .boundary, .session, .scp: true
        case .resource, .trust, .rcp: false
        }
    }

    public var description: String {
        switch self {
        case .identity(.userInline): "identity (user inline)"
        case .identity(.groupInline): "identity (group inline)"
        case .identity(.roleInline): "identity (role inline)"
        case .identity(.managed): "identity (managed)"
        case .resource: "resource"
        case .trust: "trust"
        case .scp: "SCP"
        case .rcp: "RCP"
        case .boundary: "permissions boundary"
        case .session: "session"
        }
    }

    /// Parses the command-line spelling (`identity`, `user-inline`, `scp`, …).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "identity", "managed": self = .identity(.managed)
        case "user", "user-inline": self = .identity(.userInline)
        case "group", "group-inline": self = .identity(.groupInline)
        case "role", "role-inline": self = .identity(.roleInline)
        case "resource": self = .resource
        case "trust": self = .trust
        case "scp": self = .scp
        case "rcp": self = .rcp
        case "boundary": self = .boundary
        case "session": self = .session
        default: return nil
        }
    }
}
