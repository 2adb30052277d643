public import Foundation
public import Logging
import WardenAWS
import WardenPolicy
public import WardenStore

/// What an operation's `perform` gets besides its input: who calls, the call's one transaction, the
/// clock and the server's long-lived parts. Repositories are made from `transaction` and `accountID`,
/// so everything a call reads and writes is in that transaction.
public struct OperationContext: Sendable {
    /// The authenticated caller.
    public let caller: Caller
    /// The caller's account: the account every IAM operation acts in.
    public var accountID: String { caller.accountID }
    /// The id reported to the client and in logs.
    public let requestID: String
    public let logger: Logger
    /// The time of the call, one value for the whole call.
    public let now: Date
    /// The call's transaction (read-only for reads).
    public let transaction: StoreTransaction
    /// The server's long-lived parts: sealers, caches, the clock.
    public let environment: ServiceEnvironment
    /// ARNs of the caller's account.
    public var arn: ARNBuilder { ARNBuilder(accountID: caller.accountID) }
    /// The SigV4 scope's region (`aws:RequestedRegion`).
    public let region: String
    /// The permission the call's operation needs (`organizations:ListAccounts`), for checks that depend on
    /// it beyond the pipeline's (an organization's delegated administrators).
    public let action: RequiredAction
    /// The client's IP address (`aws:SourceIp`), when the server knows it.
    public let sourceIP: String?
    /// The client's `User-Agent` header (`aws:UserAgent`).
    public let userAgent: String?
    /// The resources and request keys the pipeline authorized the call's action on (its `resource`,
    /// `additionalResources` and `conditionKeys`), for checks that must see the same ones without computing
    /// them again (an organization's delegation policy).
    public internal(set) var authorizedResources: [String] = []
    public internal(set) var authorizedKeys: [String: [String]] = [:]
    /// What this call has read once and uses again.
    public let memo = CallMemo()

    public init(
        caller: Caller, requestID: String, logger: Logger, now: Date, transaction: StoreTransaction, environment: ServiceEnvironment,
        region: String, action: RequiredAction = .none(reason: "not an operation"), sourceIP: String? = nil, userAgent: String? = nil
    ) {
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.caller = caller
        self.requestID = requestID
        self.logger = logger
        self.now = now
        self.transaction = transaction
        self.environment = environment
        self.region = region
        self.action = action
    }
}
