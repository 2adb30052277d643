public import Hummingbird
import Logging
public import WardenServices

/// The emulator's reset: `POST /moto-api/reset` (the path moto's tooling calls) and `POST /_warden/reset`.
///
/// Registered by `warden emulate` only; `serve` answers 404 on both paths. Unsigned, as moto's is: an
/// emulator is a throwaway instance on loopback, and a suite resets it between tests without credentials.
public struct EmulatorController<Context: RequestContext>: Sendable {
    public let reset: EmulatorReset

    public init(reset: EmulatorReset) {
        self.reset = reset
    }

    public func register(on router: Router<Context>) {
        router.post("moto-api/reset", use: respond)
        router.post("_warden/reset", use: respond)
    }

    @Sendable func respond(_ request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        do {
            try await reset.run(logger: context.logger)
        } catch {
            context.logger.error("emulator reset failed", metadata: ["warden.error": "\(String(reflecting: error))"])
            return Response.json(.internalServerError, #"{"status":"failed","reason":"the reset did not complete; nothing was changed"}"#)
        }
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        return Response.json(.ok, #"{"status":"ok","milliseconds":\#(Int(milliseconds.rounded()))}"#)
    }
}
