import Foundation
import WardenAWS

/// The global condition keys AWS adds to every request (`aws:CurrentTime`, `aws:EpochTime`,
/// `aws:RequestedRegion`, `aws:SecureTransport`, `aws:TokenIssueTime` for sessions, …).
enum GlobalConditionKeys {
    static func values(for context: OperationContext) -> [String: [String]] {
        var keys: [String: [String]] = [
            "aws:CurrentTime": [AWSTimestamp.iso8601(context.now)],
            "aws:EpochTime": [String(Int(context.now.timeIntervalSince1970))],
            "aws:RequestedRegion": [context.region],
            "aws:SecureTransport": ["false"],
            "aws:ViaAWSService": ["false"],
        ]
        if let issued = context.caller.tokenIssueTime {
            keys["aws:TokenIssueTime"] = [AWSTimestamp.iso8601(issued)]
        }
        return keys
    }
}
