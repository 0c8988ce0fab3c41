import Foundation
import HTTPTypes
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// The console's missing and incomplete results queries: `GET /ops/queries`, every query
/// still awaiting its resolution, due soonest first; `GET /ops/queries/{id}`, one query with
/// the two ways to resolve it (correct the result with a mark and a reason, or explain why it
/// stands), which `POST /ops/queries/{id}` sends to the result-query desk. Seen by whoever may
/// watch the queue (anyone else is told the page does not exist); the forms are shown only to
/// those the access policy lets decide enquiries, and the desk refuses anyone else all the same.
struct QueryWorkPages<Context: PortalRequestContext> {
    let console: Console
    let desk: ResultQueryDesk
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page.
    static var pageSize: Int { 50 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("ops/queries", use: list)
        pages.get("ops/queries/{id}", use: show)
        pages.post("ops/queries/{id}", use: resolve)
    }

    struct ListPage: PageContent {
        var title = "Queries awaiting a resolution"
        var session: PortalSession?
        var console: Console.Chrome
        var rows: [Row]
        var hasRows: Bool
        var pagination: Pagination
    }

    struct Row {
        var id: String
        var reference: String
        var centre: String
        var candidate: String
        var component: String
        var reason: String
        var due: String
        var overdue: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .queries)
        let number = max(1, request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await QueryPages<Context>.visible {
            try await desk.list(
                .init(status: .received, order: .dueSoonestFirst),
                page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
                for: viewer.caller
            )
        }
        let now = clock.now
        let page = ListPage(
            session: viewer.session,
            console: viewer.chrome,
            rows: found.items.map { query in
                Row(
                    id: query.id,
                    reference: query.reference,
                    centre: query.centre.rawValue,
                    candidate: query.candidate.rawValue,
                    component: query.component,
                    reason: QueryPages<Context>.reason(query.reason),
                    due: UKTime.dateAndTime(query.dueAt),
                    overdue: query.dueAt < now
                )
            },
            hasRows: !found.items.isEmpty,
            pagination: Pagination(path: "/ops/queries", query: [:], page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("ops-queries", page)
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var query: QueryPages<Context>.DetailPage
        var centre: String
        var notice: String?
        var canResolve: Bool
        var errors: [RequestCopyPages<Context>.ErrorItem]
        var hasErrors: Bool
        var mark: String
        var reason: String
        var explanation: String
        var markError: String?
        var reasonError: String?
        var explanationError: String?
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .queries)
        let notice = request.uri.queryParameters["done"] == "resolved" ? "The resolution has been recorded and the centre will be emailed." : nil
        return try await render(try context.parameters.require("id"), viewer: viewer, notice: notice)
    }

    @Sendable func resolve(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .queries)
        let id = try context.parameters.require("id")
        let form = context.portal.form
        let mark = (form["mark"] ?? "").trimmingCharacters(in: .whitespaces)
        let reason = form["reason"] ?? ""
        let explanation = form["explanation"] ?? ""
        let explaining = form["action"] == "explain"
        do {
            // A mark that is not a whole number is out of range: the desk says what range.
            let answer: ResultQueryAnswer = explaining ? .explain(explanation) : .correct(mark: Int(mark) ?? -1, reason: reason)
            _ = try await desk.resolve(id, answer, by: viewer.caller)
            return Redirect.seeOther("/ops/queries/\(id)?done=resolved")
        } catch let error as ResultQueryError {
            let field: String
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound: throw HTTPError(.notFound)
            case .badResolution(.reasonRequired): field = explaining ? "explanation" : "reason"
            default: field = explaining ? "explanation" : "mark"
            }
            return try await render(
                id,
                viewer: viewer,
                errors: [.init(field: field, message: error.message)],
                mark: mark,
                reason: reason,
                explanation: explanation,
                status: .unprocessableContent
            )
        }
    }

    private func render(
        _ id: String,
        viewer: Console.Viewer,
        notice: String? = nil,
        errors: [RequestCopyPages<Context>.ErrorItem] = [],
        mark: String = "",
        reason: String = "",
        explanation: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (query, timeline) = try await QueryPages<Context>.visible { try await desk.details(of: id, for: viewer.caller) }
        let page = DetailPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Query \(query.reference)",
            session: viewer.session,
            console: viewer.chrome,
            query: QueryPages<Context>.detail(query, timeline, session: nil),
            centre: query.centre.rawValue,
            notice: notice,
            canResolve: query.status == .received && console.access.decide(viewer.caller, .decideEnquiries) == .allowed,
            errors: errors,
            hasErrors: !errors.isEmpty,
            mark: mark,
            reason: reason,
            explanation: explanation,
            markError: errors.first { $0.field == "mark" }?.message,
            reasonError: errors.first { $0.field == "reason" }?.message,
            explanationError: errors.first { $0.field == "explanation" }?.message
        )
        return renderer.render("ops-query", page, status: status)
    }
}
