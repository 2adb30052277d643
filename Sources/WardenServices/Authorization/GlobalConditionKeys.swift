import Foundation
import WardenAWS

/// The global condition keys AWS adds to every request (`aws:CurrentTime`, `aws:EpochTime`,
/// `aws:RequestedRegion`, `aws:SecureTransport`, `aws:SourceIp`, `aws:UserAgent`, and for temporary credentials `aws:TokenIssueTime`,
/// `aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`, `aws:SourceIdentity`).
enum GlobalConditionKeys {
    static func values(for context: OperationContext) -> [String: [String]] {
        var keys: [String: [String]] = [
            "aws:CurrentTime": [AWSTimestamp.iso8601(context.now)],
            "aws:EpochTime": [String(Int(context.now.timeIntervalSince1970))],
            "aws:RequestedRegion": [context.region],
            "aws:SecureTransport": ["false"],
            "aws:ViaAWSService": ["false"],
        ]
        if let sourceIP = context.sourceIP { keys["aws:SourceIp"] = [sourceIP] }
        if let userAgent = context.userAgent { keys["aws:UserAgent"] = [userAgent] }
        if let issued = context.caller.tokenIssueTime {
            keys["aws:TokenIssueTime"] = [AWSTimestamp.iso8601(issued)]
        }
        if let session = context.caller.session {
            // Present only for temporary credentials, as in AWS: long-term keys leave both keys absent.
            keys["aws:MultiFactorAuthPresent"] = [session.mfaAuthenticated ? "true" : "false"]
            if session.mfaAuthenticated {
                keys["aws:MultiFactorAuthAge"] = [String(max(0, Int(context.now.timeIntervalSince(session.issuedAt))))]
            }
            if let sourceIdentity = session.sourceIdentity {
                keys["aws:SourceIdentity"] = [sourceIdentity]
            }
        }
        return keys
    }
}
