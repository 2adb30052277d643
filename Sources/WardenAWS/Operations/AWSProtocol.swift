/// The wire protocol a service speaks, as botocore's models name them.
///
/// IAM and STS speak `query` (form-encoded in, XML out); Organizations speaks `json` 1.1
/// (`X-Amz-Target` selects the operation, JSON both ways).
public enum AWSProtocol: Sendable, Hashable {
    /// AWS Query: `Action`/`Version` parameters in, `<ActionResponse>` XML out.
    case query(service: String, version: String, xmlNamespace: String)
    /// AWS JSON 1.1: `X-Amz-Target: <targetPrefix>.<Operation>`, `application/x-amz-json-1.1`.
    case json11(targetPrefix: String)

    /// IAM, API version 2010-05-08.
    public static let iam = AWSProtocol.query(
        service: "iam", version: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/")
    /// STS, API version 2011-06-15.
    public static let sts = AWSProtocol.query(
        service: "sts", version: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/")
    /// Organizations, API version 2016-11-28.
    public static let organizations = AWSProtocol.json11(targetPrefix: "AWSOrganizationsV20161128")

    /// The protocol of the service named in a SigV4 credential scope (`iam`, `sts`, `organizations`).
    public static func forSigningService(_ service: String) -> AWSProtocol? {
        switch service {
        case "iam": .iam
        case "sts": .sts
        case "organizations": .organizations
        default: nil
        }
    }

    /// The response `Content-Type`.
    public var contentType: String {
        switch self {
        case .query: "text/xml"
        case .json11: "application/x-amz-json-1.1"
        }
    }
}
