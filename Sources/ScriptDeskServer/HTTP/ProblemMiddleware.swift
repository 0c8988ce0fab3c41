import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskPipeline

/// Turns every error a handler throws into a JSON problem. Domain errors get the status
/// that fits them; anything unforeseen is logged in full and reported as a bare 500, so
/// internals never reach a client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as IntakeError {
            throw APIError(error, status: Self.status(of: error))
        } catch let error as HTTPError {
            throw APIError(error.status, code: "http.\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("Unhandled error", metadata: ["scriptdesk.error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, code: "internal", message: "Something went wrong on our side; it has been logged.")
        }
    }

    static func status(of error: IntakeError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .unknownSeries, .unknownComponent, .unknownCandidate: .notFound
        case .noResult, .refused: .unprocessableContent
        }
    }
}
