/// One request to authorize: who, what, on which resource, with which condition keys.
/// Build it once per request; it pre-computes the lowercased action and its service hash.
public struct AuthorizationRequest: Sendable {
    public let principal: PrincipalIdentity
    /// `service:Action`, any case.
    public let action: String
    /// The resource ARN (or `*` for actions without a resource).
    public let resource: String
    public let context: RequestContext

    /// The action, ASCII-lowercased (the rest of Unicode via `lowercased()`).
    let actionBytes: [UInt8]
    /// Length of the service prefix in `actionBytes` and its hash: the statement index key.
    let serviceLength: Int
    let serviceHash: UInt64
    let actionHash: UInt64

    /// - Parameters:
    ///   - context: the keys the request itself carries.
    ///   - principalKeys: the keys IAM derives from the principal (`aws:username`,
    ///     `aws:PrincipalTag/…`, …) as ``PrincipalIdentity/contextKeys`` returns them; compute them
    ///     once per principal and pass them in. When `nil`, they are computed here.
    ///     Keys already in `context` win.
    public init(principal: PrincipalIdentity, action: String, resource: String, context: RequestContext = RequestContext(), principalKeys: RequestContext? = nil) {
        self.principal = principal
        self.action = action
        self.resource = resource
        var merged = context
        merged.addMissing(from: principalKeys ?? principal.contextKeys)
        self.context = merged
        var bytes = withUTF8(action) { source in
            [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
                var high: UInt8 = 0
                for index in 0..<source.count {
                    high |= source[index]
                    buffer[index] = ContextKey.fold(source[index])
                }
                count = high < 0x80 ? source.count : 0
            }
        }
        if bytes.count != action.utf8.count {
            bytes = Array(action.lowercased().utf8)
        }
        actionBytes = bytes
        let length = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
        serviceLength = length
        serviceHash = ContextKey.foldedHash(bytes[..<length])
        actionHash = ContextKey.foldedHash(bytes)
    }
}
