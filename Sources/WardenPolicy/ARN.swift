/// An Amazon Resource Name split into its six parts:
/// `arn:partition:service:region:account-id:resource` (the resource part may contain `:`).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var accountId: String
    public var resource: String

    public init?(_ text: String) {
        guard let parts = ARN.split(text) else { return nil }
        guard !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        accountId = String(parts[4])
        resource = String(parts[5])
    }

    /// The six parts, or `nil` when `text` does not start with `arn:` or has fewer than six parts.
    static func split(_ text: String) -> [Substring]? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        return parts
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(accountId):\(resource)" }

    /// A 12-digit AWS account id.
    static func isAccountId(_ text: Substring) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
