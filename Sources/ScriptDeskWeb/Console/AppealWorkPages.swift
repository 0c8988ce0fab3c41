import Foundation
import HTTPTypes
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// The console's appeals: `GET /ops/appeals`, every appeal still awaiting its decision, due
/// soonest first; `GET /ops/appeals/{id}`, one appeal with its statement and the form that
/// records the decision (the mark after the appeal and the reason), which
/// `POST /ops/appeals/{id}` sends to the appeal desk. Seen by whoever may watch the queue
/// (anyone else is told the page does not exist); the form is shown only to those the access
/// policy lets decide enquiries, and the desk refuses anyone else all the same.
struct AppealWorkPages<Context: PortalRequestContext> {
    let console: Console
    let desk: AppealDesk
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page.
    static var pageSize: Int { 50 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("ops/appeals", use: list)
        pages.get("ops/appeals/{id}", use: show)
        pages.post("ops/appeals/{id}", use: decide)
    }

    struct ListPage: PageContent {
        var title = "Appeals awaiting a decision"
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
        var stage: String
        var due: String
        var overdue: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .appeals)
        let number = max(1, request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await AppealPages<Context>.visible {
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
            rows: found.items.map { appeal in
                Row(
                    id: appeal.id,
                    reference: appeal.reference,
                    centre: appeal.centre.rawValue,
                    candidate: appeal.candidate?.rawValue ?? "Whole cohort",
                    component: appeal.component,
                    stage: AppealPages<Context>.stage(appeal.stage),
                    due: UKTime.dateAndTime(appeal.dueAt),
                    overdue: appeal.dueAt < now
                )
            },
            hasRows: !found.items.isEmpty,
            pagination: Pagination(path: "/ops/appeals", query: [:], page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("ops-appeals", page)
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var row: AppealPages<Context>.Row
        var centre: String
        var statement: String
        var received: String
        var due: String
        var notice: String?
        var decision: String?
        var canDecide: Bool
        var errors: [RequestCopyPages<Context>.ErrorItem]
        var hasErrors: Bool
        var mark: String
        var reason: String
        var markError: String?
        var reasonError: String?
        var timeline: [RequestPages<Context>.Event]
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .appeals)
        let notice = request.uri.queryParameters["done"] == "decided" ? "The decision has been recorded and the centre will be emailed." : nil
        return try await render(try context.parameters.require("id"), viewer: viewer, notice: notice)
    }

    @Sendable func decide(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .appeals)
        let id = try context.parameters.require("id")
        let form = context.portal.form
        let mark = (form["mark"] ?? "").trimmingCharacters(in: .whitespaces)
        let reason = form["reason"] ?? ""
        let field: String
        let message: String
        do {
            // A mark that is not a whole number is out of range: the desk says what range.
            _ = try await desk.decide(id, mark: Int(mark) ?? -1, reason: reason, by: viewer.caller)
            return Redirect.seeOther("/ops/appeals/\(id)?done=decided")
        } catch let error as AppealError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound, .enquiryNotFound: throw HTTPError(.notFound)
            default: (field, message) = ("mark", error.message)
            }
        } catch let error as EnquiryError {
            if case .badOutcome(.reasonRequired) = error { field = "reason" } else { field = "mark" }
            message = error.message
        }
        return try await render(
            id,
            viewer: viewer,
            errors: [.init(field: field, message: message)],
            mark: mark,
            reason: reason,
            status: .unprocessableContent
        )
    }

    private func render(
        _ id: String,
        viewer: Console.Viewer,
        notice: String? = nil,
        errors: [RequestCopyPages<Context>.ErrorItem] = [],
        mark: String = "",
        reason: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (appeal, timeline) = try await AppealPages<Context>.visible { try await desk.details(of: id, for: viewer.caller) }
        let page = DetailPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Appeal \(appeal.reference)",
            session: viewer.session,
            console: viewer.chrome,
            row: AppealPages<Context>.row(appeal),
            centre: appeal.centre.rawValue,
            statement: appeal.statement,
            received: UKTime.dateAndTime(appeal.receivedAt),
            due: UKTime.dateAndTime(appeal.dueAt),
            notice: notice,
            decision: appeal.decision.map {
                "Mark \($0.previousMark) to \($0.mark), grade \($0.previousGrade) to \($0.grade)"
                    + " (\(appeal.upheld == true ? "upheld" : "not upheld")). \($0.reason)"
            },
            canDecide: appeal.status == .received && console.access.decide(viewer.caller, .decideEnquiries) == .allowed,
            errors: errors,
            hasErrors: !errors.isEmpty,
            mark: mark,
            reason: reason,
            markError: errors.first { $0.field == "mark" }?.message,
            reasonError: errors.first { $0.field == "reason" }?.message,
            timeline: AppealPages<Context>.events(timeline)
        )
        return renderer.render("ops-appeal", page, status: status)
    }
}
