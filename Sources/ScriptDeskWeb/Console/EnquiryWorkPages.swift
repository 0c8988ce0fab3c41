import Foundation
import HTTPTypes
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// The console's enquiries: `GET /ops/enquiries`, every enquiry still awaiting its outcome,
/// due soonest first; `GET /ops/enquiries/{id}`, one enquiry with the form that records its
/// outcome (the new mark and the reason), which `POST /ops/enquiries/{id}` sends to the
/// enquiry desk. Seen by whoever may watch the queue (anyone else is told the page does not
/// exist); the form is shown only to those the access policy lets decide enquiries, and the
/// desk refuses anyone else all the same.
struct EnquiryWorkPages<Context: PortalRequestContext> {
    let console: Console
    let desk: EnquiryDesk
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page.
    static var pageSize: Int { 50 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("ops/enquiries", use: list)
        pages.get("ops/enquiries/{id}", use: show)
        pages.post("ops/enquiries/{id}", use: decide)
    }

    struct ListPage: PageContent {
        var title = "Enquiries awaiting an outcome"
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
        var service: String
        var due: String
        var overdue: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .enquiries)
        let number = max(1, request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await desk.list(
            .init(status: .received, order: .dueSoonestFirst),
            page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
            for: viewer.caller
        )
        let now = clock.now
        let page = ListPage(
            session: viewer.session,
            console: viewer.chrome,
            rows: found.items.map { enquiry in
                Row(
                    id: enquiry.id,
                    reference: enquiry.reference,
                    centre: enquiry.centre.rawValue,
                    candidate: enquiry.candidate?.rawValue ?? "Whole cohort",
                    component: enquiry.component,
                    service: EnquiryNames.service(enquiry.service),
                    due: UKTime.dateAndTime(enquiry.dueAt),
                    overdue: enquiry.dueAt < now
                )
            },
            hasRows: !found.items.isEmpty,
            pagination: Pagination(path: "/ops/enquiries", query: [:], page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("ops-enquiries", page)
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var row: EnquiryListPages<Context>.Row
        var centre: String
        var received: String
        var due: String
        var fee: String
        var notice: String?
        var outcome: String?
        var canDecide: Bool
        /// A review of moderation: its outcome is an adjustment to every mark of the cohort.
        var isCohort: Bool
        var errors: [RequestCopyPages<Context>.ErrorItem]
        var hasErrors: Bool
        var mark: String
        var reason: String
        var markError: String?
        var reasonError: String?
        var timeline: [RequestPages<Context>.Event]
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .enquiries)
        let notice = request.uri.queryParameters["done"] == "decided" ? "The outcome has been recorded and the centre will be emailed." : nil
        return try await render(try context.parameters.require("id"), viewer: viewer, notice: notice)
    }

    @Sendable func decide(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .enquiries)
        let id = try context.parameters.require("id")
        let form = context.portal.form
        let mark = (form["mark"] ?? "").trimmingCharacters(in: .whitespaces)
        let reason = form["reason"] ?? ""
        do {
            // A number that is not a whole number is out of range: the desk says what range.
            if form["cohort"] == "yes" {
                _ = try await desk.recordCohortOutcome(of: id, adjustment: Int(mark) ?? .max, reason: reason, by: viewer.caller)
            } else {
                _ = try await desk.recordOutcome(of: id, mark: Int(mark) ?? -1, reason: reason, by: viewer.caller)
            }
            return Redirect.seeOther("/ops/enquiries/\(id)?done=decided")
        } catch let error as EnquiryError {
            let field: String
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound: throw HTTPError(.notFound)
            case .badOutcome(.reasonRequired): field = "reason"
            default: field = "mark"
            }
            return try await render(
                id,
                viewer: viewer,
                errors: [.init(field: field, message: error.message)],
                mark: mark,
                reason: reason,
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
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let enquiry: Enquiry
        let timeline: [EnquiryEvent]
        do {
            (enquiry, timeline) = try await desk.details(of: id, for: viewer.caller)
        } catch EnquiryError.notFound {
            throw HTTPError(.notFound)
        }
        let page = DetailPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Enquiry \(enquiry.reference)",
            session: viewer.session,
            console: viewer.chrome,
            row: EnquiryListPages<Context>.row(enquiry),
            centre: enquiry.centre.rawValue,
            received: UKTime.dateAndTime(enquiry.receivedAt),
            due: UKTime.dateAndTime(enquiry.dueAt),
            fee: "£" + Money.pounds(enquiry.feeInPence),
            notice: notice,
            outcome: enquiry.outcome.map { "Mark \($0.previousMark) to \($0.mark), grade \($0.previousGrade) to \($0.grade). \($0.reason)" }
                ?? enquiry.cohortOutcome?.detail,
            canDecide: enquiry.status == .received && console.access.decide(viewer.caller, .decideEnquiries) == .allowed,
            isCohort: enquiry.candidate == nil,
            errors: errors,
            hasErrors: !errors.isEmpty,
            mark: mark,
            reason: reason,
            markError: errors.first { $0.field == "mark" }?.message,
            reasonError: errors.first { $0.field == "reason" }?.message,
            timeline: timeline.reversed().map { event in
                .init(
                    at: UKTime.dateAndTime(event.at),
                    status: EnquiryNames.status(event.status),
                    statusTag: EnquiryNames.style(event.status),
                    detail: event.detail
                )
            }
        )
        return renderer.render("ops-enquiry", page, status: status)
    }
}
