import HTTPTypes
import Hummingbird

/// A browser (it asks for HTML) that follows a wrong address outside the API and the
/// download links gets the pages' "page not found", not a JSON problem.
struct BrowserNotFound<Context: PortalRequestContext>: RouterMiddleware {
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let machine = ["/api/", "/d/", "/z/", "/metrics"].contains { path.hasPrefix($0) }
            guard !machine, request.headers[.accept]?.contains("text/html") == true else { throw error }
            return renderer.problem(
                status: .notFound,
                title: "Page not found",
                message: "There is nothing at this address. Check it, or go to the home page.",
                session: nil
            )
        }
    }
}
