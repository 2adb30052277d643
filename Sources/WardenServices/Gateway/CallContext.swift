public import Logging
public import WardenAWS

/// What every operation handler gets besides its input: who is calling, and where to log.
public struct CallContext: Sendable {
    public let caller: Caller
    public let credential: SigV4Credential
    public let logger: Logger

    public init(caller: Caller, credential: SigV4Credential, logger: Logger) {
        self.caller = caller
        self.credential = credential
        self.logger = logger
    }
}
