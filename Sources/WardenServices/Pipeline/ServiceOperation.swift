public import WardenAWS
import WardenShapes

/// The permission a call needs: an IAM action, or — for the few operations AWS answers for every
/// authenticated caller — none, with the reason said out loud.
public enum RequiredAction: Sendable, Hashable, ExpressibleByStringLiteral {
    /// `service:Action`, authorized against the resource the operation names.
    case action(String)
    /// No permission is checked (e.g. `sts:GetCallerIdentity`); the reason is for readers and the audit.
    case none(reason: String)

    public init(stringLiteral value: String) { self = .action(value) }

    /// The action name recorded for the call (`sts:GetCallerIdentity` even when unchecked).
    public var name: String? {
        if case .action(let name) = self { return name }
        return nil
    }
}

/// Whether an operation changes state: reads run in a read-only transaction.
public enum OperationAccess: Sendable {
    case read
    case write
    /// Reads nothing from the database (e.g. `GetCallerIdentity`): no transaction is opened.
    case stateless
}

/// One AWS operation as Warden serves it: the generated input/output shapes plus the hand-written
/// parts — the action it needs, the resource it acts on, and what it does.
///
/// Decoding, validation, the transaction, authorization, the audit hook and encoding are the
/// pipeline's (``OperationPipeline``); an operation never does them itself. Without `action` an
/// operation does not compile: authorization is not optional.
///
/// ```swift
/// extension IAM.CreateUser: ServiceOperation {
///     static let action: RequiredAction = "iam:CreateUser"
///     static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
///         call.arn.user(path: input.path ?? "/", name: input.userName)
///     }
///     static func perform(_ input: Input, _ call: OperationContext) async throws -> Output { … }
/// }
/// ```
public protocol ServiceOperation: AWSOperation {
    /// The permission the call needs.
    static var action: RequiredAction { get }
    /// Read-only or not; by default, operations named `Get…`, `List…`, `Simulate…` read.
    static var access: OperationAccess { get }
    /// Whether a successful call changes stored state (CloudTrail's `readOnly` is its opposite): its audit
    /// event then commits on the change's transaction. Default: every write. Issuing a session writes
    /// nothing a caller sees (`AssumeRole` is read-only to CloudTrail).
    static var changesState: Bool { get }
    /// Whether the call reads the audit trail: events this server has queued are written before its
    /// snapshot is taken, so it sees every call answered before it.
    static var readsAuditTrail: Bool { get }
    /// The ARN the action is authorized on (`*` for actions without a resource type).
    static func resource(_ input: Input, _ call: OperationContext) async throws -> String
    /// Further resources the same action is authorized on: AWS checks a rename on the new name too
    /// (`UpdateUser` from `user/Bob` to `user/Robert` needs both).
    static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String]
    /// Condition keys the request itself carries beyond the global ones (`aws:RequestTag/…`,
    /// `iam:PermissionsBoundary`, `iam:PolicyARN`, …).
    static func conditionKeys(_ input: Input, _ call: OperationContext) async throws -> [String: [String]]
    /// The resource-based policy of the resource (a role's trust policy for `sts:AssumeRole`) and the
    /// account that owns the resource, evaluated with the caller's policies as AWS does; nil when the
    /// resource has none.
    static func resourcePolicy(_ input: Input, _ call: OperationContext) async throws -> ResourcePolicy?
    /// The `AccessDenied` message when it must say less than the decision knows: `AssumeRole` answers the
    /// same words whether the role is missing or does not trust the caller, so roles cannot be probed.
    /// Nil (the default): AWS's message naming the layer that refused.
    static func deniedMessage(_ input: Input, _ call: OperationContext) -> String?
    /// Whose cached decisions a committed change can alter: the caller's account (IAM), or every account
    /// (an organization's shape and policies bound every member). Default: by service.
    static var changeScope: ChangeScope { get }
    /// Does the work, on the call's transaction.
    static func perform(_ input: Input, _ call: OperationContext) async throws -> Output
}

extension ServiceOperation {
    public static var access: OperationAccess {
        name.hasPrefix("Get") || name.hasPrefix("List") || name.hasPrefix("Simulate") ? .read : .write
    }

    public static var changesState: Bool { access == .write }

    public static var readsAuditTrail: Bool { false }

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { "*" }

    public static var changeScope: ChangeScope { `protocol` == Organizations.protocol ? .everyAccount : .callerAccount }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { [:] }

    public static func resourcePolicy(_ input: Input, _ call: OperationContext) async throws -> ResourcePolicy? { nil }

    public static func additionalResources(_ input: Input, _ call: OperationContext) async throws -> [String] { [] }

    public static func deniedMessage(_ input: Input, _ call: OperationContext) -> String? { nil }
}

/// Whose cached policy sets a committed write invalidates.
public enum ChangeScope: Sendable {
    case callerAccount
    case everyAccount
    /// A write that changes nothing authorization reads (issuing a session; creating a user, group, role,
    /// policy or access key, which nothing cached refers to yet): no invalidation, so account vending and
    /// sessions never empty the caches.
    case nothingCached
}

/// A resource-based policy as authorization needs it: its id (for explanations), its text, and the
/// account that owns the resource (cross-account requests need both sides to allow).
public struct ResourcePolicy: Sendable {
    public let id: String
    public let document: String
    public let ownerAccountID: String
    /// Whether it must allow even within one account (a role's trust policy).
    public let mustAllow: Bool

    public init(id: String, document: String, ownerAccountID: String, mustAllow: Bool = false) {
        self.id = id
        self.document = document
        self.ownerAccountID = ownerAccountID
        self.mustAllow = mustAllow
    }
}
