public import Hummingbird
public import Prometheus
public import ScriptDeskApp
import ScriptDeskWeb
public import ServiceLifecycle

/// The HTTP server over `runtime`'s services, with `services` (the workers, in tests that
/// want them) run beside it. In a process, `Runtime.serviceGroup` runs it after the database
/// and the workers, so SIGTERM stops it first.
public func buildApplication(
    _ runtime: Runtime,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    services: [any Service] = []
) throws -> some ApplicationProtocol {
    let settings = runtime.settings
    return Application(
        router: try buildRouter(runtime, metrics: metrics),
        server: GuardedHTTP1Channel.server(settings.connections),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ScriptDesk"),
        services: services,
        logger: runtime.logger
    )
}

/// The routes: the pages (sign-in, then `/` and what it links to), the API under `/api/v1`
/// (bearer tokens), downloads under `/d` and `/z`, `/metrics` (operations), `/livez` and
/// `/healthz`. Throws when the pages' templates are missing from the build. `metrics` is the registry that
/// swift-metrics reports to in this process.
public func buildRouter(
    _ runtime: Runtime,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(EventLoopPreferenceMiddleware())
    router.middlewares.add(ClientAddressMiddleware(trusted: runtime.settings.connections.trustedProxies))
    router.middlewares.add(SecurityHeadersMiddleware())
    router.middlewares.add(ProblemMiddleware())
    let portal = try Portal<AppRequestContext>(runtime: runtime)
    router.middlewares.add(portal.notFoundForBrowsers)
    let publicBaseURL = runtime.settings.publicBaseURL
    HealthRoutes(database: runtime.database).addRoutes(to: router)
    portal.addRoutes(to: router)
    DownloadRoutes(downloads: runtime.downloads, offloadPrefix: runtime.settings.links.offloadPrefix).addRoutes(to: router)
    let authentication = BearerAuthentication(authentication: runtime.authentication)
    MetricsRoutes(operations: runtime.queueOperations, watch: runtime.queueWatch, registry: metrics).addRoutes(
        to: router.group("metrics").add(middleware: authentication)
    )
    let api = router.group("api/v1").add(middleware: authentication)
    ScriptRequestRoutes(intake: runtime.intake, tracking: runtime.tracking, links: runtime.links, publicBaseURL: publicBaseURL)
        .addRoutes(to: api.group("script-requests"))
    BundleRoutes(bundles: runtime.bundles, downloads: runtime.downloads, publicBaseURL: publicBaseURL)
        .addRoutes(api: api.group("bundles"), router: router)
    LinkRevocationRoutes(links: runtime.links).addRoutes(links: api.group("download-links"), centres: api.group("centres"))
    ResultsRoutes(results: runtime.results).addRoutes(to: api.group("results"))
    EnquiryRoutes(desk: runtime.enquiries).addRoutes(to: api.group("enquiries"))
    AppealRoutes(desk: runtime.appeals).addRoutes(to: api.group("appeals"))
    ResultQueryRoutes(desk: runtime.resultQueries).addRoutes(to: api.group("mir"))
    CertificationRoutes(desk: runtime.certifications).addRoutes(subjects: api.group("subjects"), certifications: api.group("certifications"))
    StatementRoutes(statements: runtime.statements, downloads: runtime.downloads, publicBaseURL: publicBaseURL)
        .addRoutes(api: api.group("candidates"), router: router)
    QueueRoutes(operations: runtime.queueOperations).addRoutes(to: api.group("queue"))
    return router
}
