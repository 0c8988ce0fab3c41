import HTTPTypes
public import Hummingbird
public import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices

/// The pages people use in a browser: sign-in, then home, results, requests, enquiries
/// about results, late certification, the candidate's page, and the
/// operations console over the job queue (`/ops`), on the same application services and
/// access policy as the JSON API. Every page is rendered on
/// the server and works without JavaScript; `PortalMiddleware` stands in front of them all.
public struct Portal<Context: PortalRequestContext>: Sendable {
    let runtime: Runtime
    let renderer: PageRenderer
    let cookies: PortalCookies

    /// The pages over `runtime`'s services. Throws when the templates or static files are
    /// missing from the build.
    public init(runtime: Runtime) throws {
        self.runtime = runtime
        renderer = try PageRenderer()
        cookies = PortalCookies(publicBaseURL: runtime.settings.publicBaseURL)
    }

    /// Adds the pages and their static files to `router`.
    public func addRoutes(to router: Router<Context>) {
        router.get("/static/{file}", use: staticFile)
        let pages = router.group()
            .add(middleware: ServerTiming<Context>())
            .add(middleware: PortalMiddleware(signIn: runtime.signIn, cookies: cookies, renderer: renderer))
        SignInPages(signIn: runtime.signIn, cookies: cookies, renderer: renderer).addRoutes(to: pages)
        HomePage(results: runtime.results, tracking: runtime.tracking, rules: runtime.settings.policy, clock: runtime.clock, renderer: renderer)
            .addRoutes(to: pages)
        RequestCopyPages(intake: runtime.intake, results: runtime.results, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
        LiveStatus(tracking: runtime.tracking).addRoutes(to: pages)
        BulkRequestPages(intake: runtime.intake, renderer: renderer).addRoutes(to: pages)
        RequestPages(
            tracking: runtime.tracking,
            links: runtime.links,
            bundles: runtime.bundles,
            results: runtime.results,
            access: runtime.access,
            clock: runtime.clock,
            renderer: renderer
        ).addRoutes(to: pages)
        ResultsPage(results: runtime.results, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
        EnquiryPages(
            desk: runtime.enquiries,
            policy: runtime.settings.policy.enquiries,
            results: runtime.results,
            clock: runtime.clock,
            renderer: renderer
        ).addRoutes(to: pages)
        BulkEnquiryPages(desk: runtime.enquiries, renderer: renderer).addRoutes(to: pages)
        EnquiryListPages(desk: runtime.enquiries, appeals: runtime.appeals, results: runtime.results, clock: runtime.clock, renderer: renderer)
            .addRoutes(to: pages)
        AppealPages(appeals: runtime.appeals, enquiries: runtime.enquiries, results: runtime.results, clock: runtime.clock, renderer: renderer)
            .addRoutes(to: pages)
        QueryPages(desk: runtime.resultQueries, results: runtime.results, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
        CertificationPages(
            desk: runtime.certifications,
            policy: runtime.settings.policy.certification,
            results: runtime.results,
            clock: runtime.clock,
            renderer: renderer
        ).addRoutes(to: pages)
        CertificationListPages(
            desk: runtime.certifications,
            results: runtime.results,
            access: runtime.access,
            clock: runtime.clock,
            renderer: renderer
        ).addRoutes(to: pages)
        CandidatePage(
            results: runtime.results,
            tracking: runtime.tracking,
            desk: runtime.enquiries,
            appeals: runtime.appeals,
            queries: runtime.resultQueries,
            certifications: runtime.certifications,
            statements: runtime.statements,
            clock: runtime.clock,
            renderer: renderer
        ).addRoutes(to: pages)
        let console = Console(watch: runtime.queueWatch, operations: runtime.queueOperations, access: runtime.access)
        OverviewPages(console: console, renderer: renderer).addRoutes(to: pages)
        JobPages(console: console, tracking: runtime.tracking, renderer: renderer).addRoutes(to: pages)
        ActionPages(console: console, renderer: renderer).addRoutes(to: pages)
        EnquiryWorkPages(console: console, desk: runtime.enquiries, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
        AppealWorkPages(console: console, desk: runtime.appeals, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
        QueryWorkPages(console: console, desk: runtime.resultQueries, clock: runtime.clock, renderer: renderer).addRoutes(to: pages)
    }

    /// A middleware that answers a browser's request for an address that does not exist with
    /// the pages' own "page not found" rather than the API's JSON problem. Add it inside the
    /// API's problem middleware.
    public var notFoundForBrowsers: some RouterMiddleware<Context> {
        BrowserNotFound<Context>(renderer: renderer)
    }

    @Sendable func staticFile(_ request: Request, context: Context) async throws -> Response {
        guard let asset = renderer.assets[try context.parameters.require("file")] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok,
            headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable"],
            body: .init(byteBuffer: asset.bytes)
        )
    }

    /// The request's session, or a redirect to sign in.
    static func requireSession(_ context: Context) throws -> PortalSession {
        guard let session = context.portal.session else { throw SignInNeeded() }
        return session
    }
}

/// Thrown by a page that needs a session when there is none: answered by a redirect to the
/// sign-in page.
struct SignInNeeded: HTTPResponseError {
    var status: HTTPResponse.Status { .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Redirect.seeOther("/sign-in")
    }
}

/// Redirects between pages.
enum Redirect {
    /// A `303 See Other` to `path`: after a form, the browser asks for the page with GET.
    static func seeOther(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }
}
