public import Foundation
public import Logging
public import WardenPolicy
public import WardenStore

/// What the pipeline knows of one call when it ends: the audit hook's input.
public struct AuditRecord: Sendable {
    public enum Outcome: Sendable {
        case succeeded
        /// Refused by authorization; the decision says why, the error is what the caller was answered.
        case denied(Decision, code: String, message: String)
        /// Failed with an AWS error (authentication, validation, not found, conflict…).
        case failed(code: String, message: String)
    }

    public var requestID: String
    public var time: Date
    /// The signing name of the service called (`iam`, `sts`, `organizations`, `cloudtrail`).
    public var service: String
    public var operation: String
    public var action: String?
    /// The resources the call was authorized on (ARNs), first the one it acts on.
    public var resources: [String]
    /// The authenticated caller; nil when authentication failed.
    public var caller: Caller?
    /// The access key the request was signed with, authenticated or not.
    public var accessKeyID: String?
    /// The account the access key belongs to when authentication failed but the key is known.
    public var keyAccountID: String?
    public var region: String?
    public var sourceIP: String?
    public var userAgent: String?
    /// Whether the call changes nothing stored (CloudTrail's `readOnly`).
    public var readOnly: Bool
    public var outcome: Outcome
    /// The decoded input, recorded with its secrets hidden.
    public var requestParameters: AuditPayload?
    /// The output of a successful change, recorded with its secrets hidden (reads record none, as CloudTrail).
    public var responseElements: AuditPayload?

    public init(
        requestID: String, time: Date, service: String, operation: String, action: String? = nil, resources: [String] = [],
        caller: Caller? = nil, accessKeyID: String? = nil, keyAccountID: String? = nil, region: String? = nil, sourceIP: String? = nil,
        userAgent: String? = nil, readOnly: Bool, outcome: Outcome, requestParameters: AuditPayload? = nil,
        responseElements: AuditPayload? = nil
    ) {
        self.requestID = requestID
        self.time = time
        self.service = service
        self.operation = operation
        self.action = action
        self.resources = resources
        self.caller = caller
        self.accessKeyID = accessKeyID ?? caller?.accessKeyID
        self.keyAccountID = keyAccountID
        self.region = region
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.readOnly = readOnly
        self.outcome = outcome
        self.requestParameters = requestParameters
        self.responseElements = responseElements
    }

    /// The account the event is recorded for: the caller's, else the signing key's owner.
    public var accountID: String? { caller?.accountID ?? keyAccountID }
}

/// An operation's input or output, encoded for the trail (secrets hidden) only when the event is written.
public struct AuditPayload: Sendable {
    let json: @Sendable () -> [UInt8]?

    public init<Value: Sendable>(_ value: Value) {
        // A shape without members (`GetCallerIdentity`'s input) records no parameters: no encoder is made.
        if MemoryLayout<Value>.size == 0 {
            json = { nil }
        } else {
            json = { (value as? any Encodable).flatMap(AuditParameters.json) }
        }
    }
}

/// Receives one record per call. A successful change's record is written on the call's transaction
/// (`transaction` non-nil), so the change and its record commit together; every other record is written
/// after the call (a failed or denied change's after its rollback).
public protocol AuditSink: Sendable {
    func record(_ record: AuditRecord, transaction: StoreTransaction?) async throws
    /// Writes what is queued (before a lookup, at shutdown).
    func flush(logger: Logger) async
    /// Writes queued records in the background until cancelled, then flushes.
    func run(logger: Logger) async
    /// How many records wait to be written (a metric; 0 for a sink that queues nothing).
    var backlog: Int { get }
}

extension AuditSink {
    public var backlog: Int { 0 }
    public func flush(logger: Logger) async {}
    public func run(logger: Logger) async {}
}

/// Logs each call at debug level (info for denials); keeps no trail. For tools and tests that run the
/// pipeline without a server.
public struct LoggingAuditSink: AuditSink {
    public init() {}

    public func record(_ record: AuditRecord, transaction: StoreTransaction?) async throws {
        let logger = transaction?.logger ?? Logger(label: "warden.audit")
        var metadata: Logger.Metadata = [
            "warden.request_id": "\(record.requestID)", "warden.operation": "\(record.service):\(record.operation)",
        ]
        if let caller = record.caller { metadata["warden.caller"] = "\(caller.arn)" }
        switch record.outcome {
        case .succeeded:
            logger.debug("call succeeded", metadata: metadata)
        case .denied(let decision, _, _):
            metadata["warden.decision"] = "\(decision)"
            logger.info("call denied", metadata: metadata)
        case .failed(let code, _):
            metadata["warden.error"] = "\(code)"
            logger.debug("call failed", metadata: metadata)
        }
    }
}
