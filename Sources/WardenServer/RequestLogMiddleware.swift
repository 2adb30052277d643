public import Hummingbird
import Logging

/// Logs each request's method, path, status and duration at debug level.
///
/// Never the query string or headers: presigned requests carry their signature and session token there.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    @concurrent
    public func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        context.logger.debug(
            "request",
            metadata: [
                "hb.request.method": "\(request.method.rawValue)",
                "hb.request.path": "\(request.uri.path)",
                "hb.response.status": "\(response.status.code)",
                "warden.duration": "\(ContinuousClock.now - start)",
            ]
        )
        return response
    }
}
