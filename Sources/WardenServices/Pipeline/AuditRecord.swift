public import Foundation
import Logging
public import WardenPolicy
public import WardenStore

/// What the pipeline knows of one call when it ends: the audit hook's input.
public struct AuditRecord: Sendable {
    public enum Outcome: Sendable {
        case succeeded
        /// Refused by authorization; the decision says why.
        case denied(Decision)
        /// Failed with an AWS error (validation, not found, conflict…).
        case failed(code: String, message: String)
    }

    public let requestID: String
    public let time: Date
    public let service: String
    public let operation: String
    public let action: String?
    public let resource: String?
    public let caller: Caller?
    public let accessKeyID: String?
    public let readOnly: Bool
    public let outcome: Outcome
}

/// Receives one record per call. A successful change's record is written on the call's transaction
/// (`transaction` non-nil), so the change and its record commit together; failed and denied calls are
/// recorded after their rollback.
public protocol AuditSink: Sendable {
    func record(_ record: AuditRecord, transaction: StoreTransaction?) async throws
}

/// Logs each call at debug level (info for denials). The persistent, tamper-evident trail hangs on
/// the same hook.
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
        case .denied(let decision):
            metadata["warden.decision"] = "\(decision)"
            logger.info("call denied", metadata: metadata)
        case .failed(let code, _):
            metadata["warden.error"] = "\(code)"
            logger.debug("call failed", metadata: metadata)
        }
    }
}
