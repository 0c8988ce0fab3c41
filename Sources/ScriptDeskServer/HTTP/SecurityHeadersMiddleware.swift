import HTTPTypes
import Hummingbird

/// Headers on every answer, whatever it carries and however it ended: no sniffing of a
/// body's type, and no referrer sent on from a page that holds a link's token. Errors thrown
/// by the routes become their responses here, so problems carry the headers too.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `X-Accel-Redirect`: the file nginx sends in ScriptDesk's stead.
    static let xAccelRedirect = HTTPField.Name("X-Accel-Redirect")!
}
