public import Hummingbird
public import NIOCore

/// Hummingbird's request context plus the peer's address, which becomes `aws:SourceIp`.
public struct WardenRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer of the connection (no proxy header is trusted: a client could forge one).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
