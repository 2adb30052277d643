/// ARNs of one account's resources, formed as AWS forms them.
public struct ARNBuilder: Sendable {
    public let accountID: String
    public let partition: String

    public init(accountID: String, partition: String = "aws") {
        self.accountID = accountID
        self.partition = partition
    }

    public func user(path: String = "/", name: String) -> String { "arn:\(partition):iam::\(accountID):user\(path)\(name)" }
    public func group(path: String = "/", name: String) -> String { "arn:\(partition):iam::\(accountID):group\(path)\(name)" }
    public func role(path: String = "/", name: String) -> String { "arn:\(partition):iam::\(accountID):role\(path)\(name)" }
    public func policy(path: String = "/", name: String) -> String { "arn:\(partition):iam::\(accountID):policy\(path)\(name)" }
    public func instanceProfile(path: String = "/", name: String) -> String {
        "arn:\(partition):iam::\(accountID):instance-profile\(path)\(name)"
    }
    public func mfa(path: String = "/", name: String) -> String { "arn:\(partition):iam::\(accountID):mfa\(path)\(name)" }
    /// An OpenID Connect provider: its issuer URL without the `https://` scheme.
    public func oidcProvider(url: String) -> String { "arn:\(partition):iam::\(accountID):oidc-provider/\(url)" }
    public var root: String { "arn:\(partition):iam::\(accountID):root" }
}
