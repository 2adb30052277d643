import Foundation
import WardenAWS
import WardenPolicy
import WardenShapes

/// Policy documents as IAM takes and returns them: validated when stored, URL-encoded when read back.
enum PolicyDocumentText {
    /// Parses `json` as an identity policy. - Throws: `MalformedPolicyDocument` naming the problem.
    static func parse(_ json: String) throws(AWSServiceError) -> PolicyDocument {
        do {
            return try PolicyDocument(json: json)
        } catch {
            throw IAM.Errors.malformedPolicyDocument(message(path: error.path, message: error.message))
        }
    }

    /// Checks a parsed document as IAM does for `kind` (sizes are checked by the caller first, since AWS
    /// answers those with `LimitExceeded`). - Throws: `MalformedPolicyDocument` naming the first error.
    static func validate(_ document: PolicyDocument, kind: PolicyKind) throws(AWSServiceError) {
        guard let error = PolicyValidator.validate(document: document, kind: kind).first(where: { $0.severity == .error }) else { return }
        if error.path.hasSuffix("Principal") {
            throw IAM.Errors.malformedPolicyDocument("Policy document should not specify a principal.")
        }
        throw IAM.Errors.malformedPolicyDocument(error.path.isEmpty ? error.message : "\(error.path): \(error.message)")
    }

    /// A managed policy's document, parsed and checked, within AWS's 6,144 characters (whitespace not counted).
    static func managed(_ json: String) throws(AWSServiceError) {
        let document = try parse(json)
        let limit = PolicyKind.identity(.managed).maximumSize
        if document.size > limit {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for PolicySize: \(limit)")
        }
        try validate(document, kind: .identity(.managed))
    }

    static func message(path: String, message: String) -> String {
        path.isEmpty ? "Syntax errors in policy: \(message)" : "Syntax errors in policy: \(path): \(message)"
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    /// The document as AWS returns it (`GetPolicyVersion`, `Get…Policy`): percent-encoded JSON, which
    /// the SDKs and the CLI decode.
    static func urlEncoded(_ document: String) -> String {
        document.addingPercentEncoding(withAllowedCharacters: unreserved) ?? document
    }
}
