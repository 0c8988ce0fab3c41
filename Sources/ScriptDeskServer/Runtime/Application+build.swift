import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the HTTP application, with the workers running beside it in the same service
/// group when `settings.workers` is above zero. SIGTERM and SIGINT stop both gracefully.
public func buildApplication(
    _ runtime: Runtime,
    credentialsPath: String? = nil,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) -> some ApplicationProtocol {
    let settings = runtime.settings
    var services: [any Service] = []
    if settings.workers > 0 {
        services.append(runtime.workers(concurrency: settings.workers))
    }
    return Application(
        router: buildRouter(runtime, credentialsPath: credentialsPath, metrics: metrics),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ScriptDesk"),
        services: services,
        logger: runtime.logger
    )
}

/// The routes: API under `/api/v1` (bearer tokens), downloads under `/d`, `/metrics`
/// (operations token), and `/`, `/healthz`. `metrics` is the registry that swift-metrics
/// reports to in this process.
public func buildRouter(
    _ runtime: Runtime,
    credentialsPath: String? = nil,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(ProblemMiddleware())
    HomeController(credentialsPath: credentialsPath, publicBaseURL: runtime.settings.publicBaseURL).addRoutes(to: router)
    DownloadController(pipeline: runtime.pipeline, links: runtime.settings.links).addRoutes(to: router)
    MetricsController(queue: runtime.pipeline.queue, registry: metrics)
        .addRoutes(to: router.group("metrics").add(middleware: BearerAuthentication(database: runtime.database)))
    let api = router.group("api/v1").add(middleware: BearerAuthentication(database: runtime.database))
    ScriptRequestController(pipeline: runtime.pipeline, publicBaseURL: runtime.settings.publicBaseURL)
        .addRoutes(to: api.group("script-requests"))
    BundleController(pipeline: runtime.pipeline, publicBaseURL: runtime.settings.publicBaseURL, clockSkew: runtime.settings.links.clockSkew)
        .addRoutes(api: api.group("bundles"), router: router)
    LinkRevocationController(pipeline: runtime.pipeline).addRoutes(links: api.group("download-links"), centres: api.group("centres"))
    ResultsController(database: runtime.database).addRoutes(to: api.group("results"))
    QueueController(queue: runtime.pipeline.queue, handlers: runtime.pipeline.handlers).addRoutes(to: api.group("queue"))
    return router
}
