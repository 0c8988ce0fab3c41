import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/api/v1/mir`: query a missing or incomplete result (or an indicator thought wrong),
/// follow it to its resolution, list a centre's queries, and resolve one (operations) by
/// correcting the result or explaining why it stands. Each route decodes, calls the result
/// query desk, and shows the answer.
struct ResultQueryRoutes {
    let desk: ResultQueryDesk

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.post("{id}/resolution", use: resolve)
    }

    /// The body of `POST /api/v1/mir`, read leniently so each missing or wrong field gets its
    /// own message; the detail's rules are the desk's.
    struct Body: Decodable {
        var series: String?
        var component: String?
        var candidate: String?
        var reason: String?
        var detail: String?
        var indicator: String?

        func submission() throws -> ResultQuerySubmission {
            guard let series, !series.isEmpty else { throw APIError.invalid("'series' is required, such as \"2026-06\".") }
            guard let component, !component.isEmpty else { throw APIError.invalid("'component' is required: the component code.") }
            guard let candidate, !candidate.isEmpty else { throw APIError.invalid("'candidate' is required: the candidate number.") }
            guard let text = reason, let reason = ResultQuery.Reason(rawValue: text) else {
                throw APIError.invalid("'reason' must be one of \(ResultQuery.Reason.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")).")
            }
            let indicator = try self.indicator.flatMap { text -> ResultIndicator? in
                if text.isEmpty { return nil }
                guard let indicator = ResultIndicator(rawValue: text) else {
                    throw APIError.invalid(
                        "'indicator' must be one of \(ResultIndicator.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))."
                    )
                }
                return indicator
            }
            return ResultQuerySubmission(
                series: series,
                component: component,
                candidate: candidate,
                reason: reason,
                detail: detail ?? "",
                indicator: indicator
            )
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            Body.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be a JSON object with series, component, candidate, reason, detail and indicator, all strings."
            )
        )
        let query = try await desk.submit(try body.submission(), by: caller)
        var response = try JSON.response(ResultQueryView(query), status: .created)
        response.headers[.location] = "/api/v1/mir/\(query.id)"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        let paging = try PageQuery(request)
        let status = try query["status"].map { text in
            guard let status = ResultQuery.Status(rawValue: String(text)) else {
                throw APIError.invalid("'status' must be \"received\" or \"resolved\".")
            }
            return status
        }
        let reason = try query["reason"].map { text in
            guard let reason = ResultQuery.Reason(rawValue: String(text)) else {
                throw APIError.invalid("'reason' must be one of \(ResultQuery.Reason.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return reason
        }
        let series = query["series"].map(String.init)
        let page = try await desk.list(.init(series: series, status: status, reason: reason), page: paging.page, for: caller)
        var parts = [series.map { "series=\($0)" }, status.map { "status=\($0.rawValue)" }, reason.map { "reason=\($0.rawValue)" }]
            .compactMap { $0 }
        let nextOffset = paging.offset + paging.limit
        parts += ["limit=\(paging.limit)", "offset=\(nextOffset)"]
        return try JSON.response(
            ListingView(
                items: page.items.map(ResultQueryView.init),
                total: page.total,
                limit: paging.limit,
                offset: paging.offset,
                next: nextOffset < page.total ? "/api/v1/mir?" + parts.joined(separator: "&") : nil
            )
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (query, timeline) = try await desk.details(of: try context.parameters.require("id"), for: caller)
        var view = ResultQueryView(query)
        view.timeline = timeline.map { .init(at: ISO8601.string(from: $0.at), status: $0.status.rawValue, detail: $0.detail) }
        return try JSON.response(view)
    }

    /// The body of a resolution: `{"mark", "reason"}` to correct, or `{"explanation"}` to
    /// explain, never both.
    struct ResolutionBody: Decodable {
        var mark: Int?
        var reason: String?
        var explanation: String?

        func answer() throws -> ResultQueryAnswer {
            switch (mark, reason, explanation) {
            case (nil, nil, let explanation?):
                return .explain(explanation)
            case (let mark?, let reason, nil):
                return .correct(mark: mark, reason: reason ?? "")
            case (nil, _?, nil):
                throw APIError.invalid("'mark' is required with 'reason': the corrected mark. To leave the result as it is, give only 'explanation'.")
            default:
                throw APIError.invalid(ResultQueryRoutes.resolutionShape)
            }
        }
    }

    static let resolutionShape =
        "Give either {\"mark\": a whole number, \"reason\": text} to correct the result, or {\"explanation\": text} to explain why it stands; not both."

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            ResolutionBody.self,
            context: context,
            invalid: APIError(.badRequest, code: "request.bad_json", message: Self.resolutionShape)
        )
        let resolved = try await desk.resolve(try context.parameters.require("id"), try body.answer(), by: caller)
        return try JSON.response(ResultQueryView(resolved))
    }

}

/// A result query as the API shows it.
struct ResultQueryView: Encodable {
    struct Resolution: Encodable {
        var kind: String
        var previousMark: Int?
        var previousGrade: String?
        var mark: Int?
        var grade: String?
        var reason: String?
        var explanation: String?
        var resolvedAt: String
    }

    struct Event: Encodable {
        var at: String
        var status: String
        var detail: String
    }

    var id: String
    var reference: String
    var status: String
    var reason: String
    var series: String
    var centre: String
    var candidate: String
    var component: String
    var detail: String
    var indicator: String?
    var receivedAt: String
    var dueDate: String
    var resolution: Resolution?
    var timeline: [Event]?

    init(_ query: ResultQuery) {
        id = query.id
        reference = query.reference
        status = query.status.rawValue
        reason = query.reason.rawValue
        series = query.series
        centre = query.centre.rawValue
        candidate = query.candidate.rawValue
        component = query.component
        detail = query.detail
        indicator = query.indicator?.rawValue
        receivedAt = ISO8601.string(from: query.receivedAt)
        dueDate = ISO8601.string(from: query.dueAt)
        resolution = query.resolution.map { resolution in
            let resolvedAt = ISO8601.string(from: resolution.resolvedAt)
            switch resolution.outcome {
            case .corrected(let correction):
                return Resolution(
                    kind: "corrected",
                    previousMark: correction.previousMark,
                    previousGrade: correction.previousGrade,
                    mark: correction.mark,
                    grade: correction.grade,
                    reason: correction.reason,
                    resolvedAt: resolvedAt
                )
            case .explained(let explanation):
                return Resolution(kind: "explained", explanation: explanation, resolvedAt: resolvedAt)
            }
        }
    }
}
