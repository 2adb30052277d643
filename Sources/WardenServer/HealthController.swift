public import Hummingbird
import Logging
public import WardenStore

/// `GET /health`: 200 while the database answers, 503 while it does not.
///
/// Load balancers and orchestrators use it to take a replica out of rotation when its database is gone;
/// the replica itself keeps running and recovers when the database comes back.
public struct HealthController<Context: RequestContext>: Sendable {
    public let health: DatabaseHealth

    public init(health: DatabaseHealth) {
        self.health = health
    }

    public func register(on router: Router<Context>) {
        router.get("health") { _, context -> Response in
            let healthy = await health.check(logger: context.logger)
            let body = healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable","reason":"database does not answer"}"#
            return Response.json(healthy ? .ok : .serviceUnavailable, body)
        }
    }
}
