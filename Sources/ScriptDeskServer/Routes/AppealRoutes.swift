import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/api/v1/appeals`: appeal an enquiry's outcome, follow the appeal to its decision, list a
/// centre's appeals, and record a decision (operations). Each route decodes, calls the
/// appeal desk, and shows the answer.
struct AppealRoutes {
    let desk: AppealDesk

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.post("{id}/decision", use: decision)
    }

    /// The body of `POST /api/v1/appeals`.
    struct Body: Decodable {
        var enquiry: String?
        var statement: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            Body.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be {\"enquiry\": the enquiry's id, \"statement\": why its outcome is wrong}."
            )
        )
        guard let enquiry = body.enquiry, !enquiry.isEmpty else {
            throw APIError.invalid("'enquiry' is required: the id of the enquiry whose outcome is appealed.")
        }
        let appeal = try await desk.make(against: enquiry, statement: body.statement ?? "", by: caller)
        var response = try JSON.response(AppealView(appeal, nextStageBy: nil), status: .created)
        response.headers[.location] = "/api/v1/appeals/\(appeal.id)"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        let paging = try PageQuery(request)
        let status = try query["status"].map { text in
            guard let status = Appeal.Status(rawValue: String(text)) else { throw APIError.invalid("'status' must be \"received\" or \"decided\".") }
            return status
        }
        let series = query["series"].map(String.init)
        let page = try await desk.list(.init(series: series, status: status), page: paging.page, for: caller)
        let items = page.items.map { AppealView($0, nextStageBy: desk.nextStageBy($0)) }
        let filters = [series.map { "series=\($0)" }, status.map { "status=\($0.rawValue)" }]
        return try JSON.response(paging.listing(items, total: page.total, path: "/api/v1/appeals", filters: filters))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (appeal, timeline) = try await desk.details(of: try context.parameters.require("id"), for: caller)
        var view = AppealView(appeal, nextStageBy: desk.nextStageBy(appeal))
        view.timeline = timeline.map(EnquiryView.Event.init)
        return try JSON.response(view)
    }

    @Sendable func decision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            EnquiryRoutes.OutcomeBody.self,
            context: context,
            invalid: APIError(.badRequest, code: "request.bad_json", message: "The body must be {\"mark\": a whole number, \"reason\": text}.")
        )
        guard let mark = body.mark else { throw APIError.invalid("'mark' is required: the mark after the appeal (the same mark when not upheld).") }
        let decided = try await desk.decide(try context.parameters.require("id"), mark: mark, reason: body.reason ?? "", by: caller)
        return try JSON.response(AppealView(decided, nextStageBy: desk.nextStageBy(decided)))
    }

}

/// An appeal as the API shows it.
struct AppealView: Encodable {
    var id: String
    var reference: String
    var enquiry: String
    var stage: Int
    var status: String
    var series: String
    var centre: String
    var candidate: String?
    var component: String
    var statement: String
    var receivedAt: String
    var dueDate: String
    var decision: EnquiryView.Outcome?
    var upheld: Bool?
    var nextStageBy: String?
    var timeline: [EnquiryView.Event]?

    init(_ appeal: Appeal, nextStageBy: Date?) {
        id = appeal.id
        reference = appeal.reference
        enquiry = appeal.enquiry
        stage = appeal.stage
        status = appeal.status.rawValue
        series = appeal.series
        centre = appeal.centre.rawValue
        candidate = appeal.candidate?.rawValue
        component = appeal.component
        statement = appeal.statement
        receivedAt = ISO8601.string(from: appeal.receivedAt)
        dueDate = ISO8601.string(from: appeal.dueAt)
        decision = appeal.decision.map(EnquiryView.Outcome.init)
        upheld = appeal.upheld
        self.nextStageBy = nextStageBy.map(ISO8601.string)
    }
}
