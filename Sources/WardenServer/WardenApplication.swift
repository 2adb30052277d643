public import Hummingbird
public import Logging
public import PostgresNIO
import Prometheus
public import WardenAWS
import ServiceLifecycle
import WardenServices
public import WardenStore

/// Builds the HTTP application over a database client; the same function serves `warden serve` and tests.
///
/// The client is added as a service of the application, so the application runs it and shuts it down. Each
/// application has its own metrics registry (read by `GET /metrics`), so nothing is bootstrapped process-wide.
/// With `cluster` (the embedded PostgreSQL the server started), the application also restarts it when it dies.
public func buildApplication(
    configuration: ServerConfiguration,
    client: PostgresClient,
    masterKey: MasterKey,
    cluster: EmbeddedPostgres? = nil,
    logger: Logger
) -> Application<RouterResponder<WardenRequestContext>> {
    let router = Router(context: WardenRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    HealthController(health: DatabaseHealth(client: client)).register(on: router)
    let registry = PrometheusCollectorRegistry()
    let environment = ServiceEnvironment(
        client: client, masterKey: masterKey, metrics: .prometheus(registry),
        identityProviderKeys: IdentityProviderKeys(additionalTrustRoots: configuration.identityProviderTrustRoots))
    MetricsController(registry: registry, environment: environment).register(on: router)
    let authenticator = Authenticator(
        credentials: CredentialRepository(client: client), masterKey: masterKey, caches: environment.caches,
        unknownKeys: configuration.emulator?.unknownKeys ?? .refused)
    AWSController(gateway: AWSGateway(authenticator: authenticator, environment: environment), maximumBodySize: configuration.maximumBodySize)
        .register(on: router)
    if configuration.emulator != nil {
        EmulatorController(reset: EmulatorReset(environment: environment)).register(on: router)
    }
    var services: [any Service] = [
        client,
        LastUseService(environment: environment, logger: logger),
        AuditService(environment: environment, retentionDays: configuration.auditRetentionDays, logger: logger),
        PolicyChangeListenerService(listener: PolicyChangeListener(environment: environment), logger: logger),
        AccountCreationService(worker: AccountCreationWorker(environment: environment), logger: logger),
    ]
    if let cluster {
        // Last in the list, so the first to stop at shutdown: the cluster is then stopped on purpose, not restarted.
        let metrics = environment.metrics
        services.append(EmbeddedClusterSupervisor(cluster: cluster, logger: logger, onRestart: { metrics.embeddedClusterRestarted() }))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "Warden"),
        services: services,
        logger: logger
    )
}
