import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore

/// Turns every error a route throws into a JSON problem, with the status that fits it: the
/// one table from the services' typed errors to HTTP. Anything unforeseen is logged in full
/// and reported as a bare 500, so internals never reach a client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Self.problem(for: error) { throw problem }
            context.logger.error("Unhandled error", metadata: ["scriptdesk.error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, code: "internal", message: "Something went wrong on our side; it has been logged.")
        }
    }

    /// The problem a known error is answered with; `nil` for an unforeseen one.
    static func problem(for error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as LinkRefusal:
            return APIError(HTTPResponse.Status(code: error.answerStatus), code: error.answerCode, message: error.message)
        case let error as IntakeError:
            return APIError(error, status: status(of: error))
        case let error as LinkServiceError:
            return APIError(error, status: status(of: error))
        case let error as BundleError:
            return APIError(error, status: status(of: error))
        case let error as TokenRefusal:
            return APIError(error, status: .unauthorized)
        case let error as TokenServiceError:
            return APIError(error, status: status(of: error))
        case let error as AccessRefusal:
            let status: HTTPResponse.Status =
                switch error {
                case .notFound: .notFound
                case .forbidden: .forbidden
                case .centreRequired: .badRequest
                }
            return APIError(error, status: status)
        case let error as EnquiryError:
            return APIError(error, status: status(of: error))
        case let error as AppealError:
            return APIError(error, status: status(of: error))
        case let error as ResultQueryError:
            return APIError(error, status: status(of: error))
        case let error as CertificationError:
            return APIError(error, status: status(of: error))
        case let error as StatementError:
            if case .forbidden = error { return APIError(error, status: .forbidden) }
            return APIError(error, status: .notFound)
        case let error as JobControlError:
            return APIError(error, status: .unprocessableContent)
        case let error as StoreError:
            guard case .unavailable = error else { return nil }
            return APIError(error, status: .serviceUnavailable)
        case let error as HTTPError:
            return APIError(error.status, code: "http.\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
        default:
            return nil
        }
    }

    private static func status(of error: IntakeError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .unknownSeries, .unknownComponent, .unknownCandidate: .notFound
        case .noResult, .refused: .unprocessableContent
        }
    }

    private static func status(of error: EnquiryError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .outcomeFinal: .conflict
        case .candidateRequired, .refused, .outcomeIsPerCandidate, .adjustmentIsForModeration, .noBoundaries, .badOutcome: .unprocessableContent
        }
    }

    private static func status(of error: AppealError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .notFound, .enquiryNotFound: .notFound
        case .decisionFinal, .refused(.alreadyMade), .refused(.awaitingDecision): .conflict
        case .refused: .unprocessableContent
        }
    }

    private static func status(of error: ResultQueryError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .resolvedFinal, .refused(.alreadyOpen): .conflict
        case .refused, .noBoundaries, .badResolution: .unprocessableContent
        }
    }

    private static func status(of error: CertificationError) -> HTTPResponse.Status {
        switch error {
        case .forbidden: .forbidden
        case .notFound, .unknownSubject: .notFound
        case .final, .withdrawn: .conflict
        case .noCandidates, .tooMany: .badRequest
        case .refused, .duplicateCandidate, .noBoundaries: .unprocessableContent
        }
    }

    private static func status(of error: LinkServiceError) -> HTTPResponse.Status {
        switch error {
        case .requestNotFound, .linkNotFound, .centreNotFound: .notFound
        case .noCopy: .conflict
        case .forbidden: .forbidden
        }
    }

    private static func status(of error: TokenServiceError) -> HTTPResponse.Status {
        switch error {
        case .centreRequired, .centreNotAllowed, .lifetimeOutOfRange, .badLabel: .badRequest
        case .centreNotFound, .tokenNotFound: .notFound
        }
    }

    private static func status(of error: BundleError) -> HTTPResponse.Status {
        switch error {
        case .empty, .notDownloadable: .notFound
        case .tooMany, .severalCentres: .badRequest
        case .storage: .serviceUnavailable
        }
    }
}
