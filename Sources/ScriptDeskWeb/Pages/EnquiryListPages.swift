import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/enquiries`: the caller's enquiries as a table, filtered by series, status and service,
/// in pages; and `/enquiries/{id}`: one enquiry's summary, due date, fee, outcome (old and new
/// mark and grade, and why), the last day to appeal with a countdown, and its timeline.
/// The enquiry's page lists the appeals made against its outcome and, while one may still be
/// made, links to the appeal's page. Another centre's enquiry is the desk's "not found",
/// answered as the 404 page.
struct EnquiryListPages<Context: PortalRequestContext> {
    let desk: EnquiryDesk
    let appeals: AppealDesk
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page of the table.
    static var pageSize: Int { 25 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("enquiries", use: list)
        pages.get("enquiries/{id}", use: show)
    }

    struct ListPage: PageContent {
        var title = "Enquiries about results"
        var session: PortalSession?
        var rows: [Row]
        var hasRows: Bool
        var filtered: Bool
        var seriesOptions: [RequestPages<Context>.Option]
        var statuses: [RequestPages<Context>.Option]
        var services: [RequestPages<Context>.Option]
        var pagination: Pagination
    }

    struct Row {
        var id: String
        var reference: String
        var candidate: String
        var component: String
        var series: String
        var service: String
        var status: String
        var statusTag: String
        var due: String
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let query = request.uri.queryParameters
        let series = query["series"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let status = query["status"].flatMap { Enquiry.Status(rawValue: String($0)) }
        let service = query["service"].flatMap { EnquiryService(rawValue: String($0)) }
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await visible {
            try await desk.list(
                .init(series: series, status: status, service: service),
                page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
                for: session.signedIn.caller
            )
        }
        var kept: [String: String] = [:]
        if let series { kept["series"] = series }
        if let status { kept["status"] = status.rawValue }
        if let service { kept["service"] = service.rawValue }
        let page = ListPage(
            session: session,
            rows: found.items.map(Self.row),
            hasRows: !found.items.isEmpty,
            filtered: !kept.isEmpty,
            seriesOptions: try await results.seriesInForce(at: clock.now).map { .init(value: $0.code, label: $0.name, selected: $0.code == series) },
            statuses: Enquiry.Status.allCases.map { .init(value: $0.rawValue, label: EnquiryNames.status($0), selected: $0 == status) },
            services: EnquiryService.allCases.map { .init(value: $0.rawValue, label: EnquiryNames.service($0), selected: $0 == service) },
            pagination: Pagination(path: "/enquiries", query: kept, page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("enquiries", page)
    }

    static func row(_ enquiry: Enquiry) -> Row {
        Row(
            id: enquiry.id,
            reference: enquiry.reference,
            candidate: enquiry.candidate?.rawValue ?? "Whole cohort",
            component: enquiry.component,
            series: enquiry.series,
            service: EnquiryNames.service(enquiry.service),
            status: EnquiryNames.status(enquiry.status),
            statusTag: EnquiryNames.style(enquiry.status),
            due: UKTime.date(enquiry.dueAt)
        )
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var row: Row
        var received: String
        var due: String
        var fee: String
        var feeOwed: String
        var consent: String?
        var outcome: Outcome?
        var appeals: [AppealPages<Context>.Row]
        var hasAppeals: Bool
        var canAppeal: Bool
        var timeline: [RequestPages<Context>.Event]
    }

    struct Outcome {
        var before: String
        var after: String
        var reason: String
        var recorded: String
        var gradeChanged: Bool
        var appealBy: String
        var appealCountdown: String
        var appealOpen: Bool
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        let (enquiry, timeline) = try await visible { try await desk.details(of: id, for: session.signedIn.caller) }
        let now = clock.now
        let made = try await AppealPages<Context>.visible { try await appeals.against(enquiry.id, for: session.signedIn.caller) }
        // A first stage while its window is open; a next stage once the last is decided and
        // the policy has one still open. Whether it may be made is the desk's answer.
        let canAppeal =
            if let last = made.last {
                last.status == .decided && (appeals.nextStageBy(last).map { $0 >= now } ?? false)
            } else {
                enquiry.outcome != nil && (desk.appealBy(enquiry).map { $0 >= now } ?? false)
            }
        let page = DetailPage(
            title: "Enquiry \(enquiry.reference)",
            session: session,
            row: Self.row(enquiry),
            received: UKTime.dateAndTime(enquiry.receivedAt),
            due: UKTime.dateAndTime(enquiry.dueAt),
            fee: "£" + Money.pounds(enquiry.feeInPence),
            feeOwed: "£" + Money.pounds(enquiry.feeOwedInPence),
            consent: enquiry.consent.map { "Agreed \(UKTime.dateAndTime($0.obtainedAt)), told marks can go down" },
            outcome: enquiry.outcome.map { outcome in
                let appealBy = desk.appealBy(enquiry) ?? outcome.receivedAt
                return Outcome(
                    before: "\(outcome.previousMark), grade \(outcome.previousGrade)",
                    after: "\(outcome.mark), grade \(outcome.grade)",
                    reason: outcome.reason,
                    recorded: UKTime.dateAndTime(outcome.receivedAt),
                    gradeChanged: outcome.gradeChanged,
                    appealBy: UKTime.dateAndTime(appealBy),
                    appealCountdown: UKTime.countdown(to: appealBy, from: now),
                    appealOpen: appealBy >= now
                )
            },
            appeals: made.map(AppealPages<Context>.row),
            hasAppeals: !made.isEmpty,
            canAppeal: canAppeal,
            timeline: timeline.reversed().map { event in
                .init(
                    at: UKTime.dateAndTime(event.at),
                    status: EnquiryNames.status(event.status),
                    statusTag: EnquiryNames.style(event.status),
                    detail: event.detail
                )
            }
        )
        return renderer.render("enquiry", page)
    }

    /// Runs `body`, answering an enquiry that is not the caller's to see as not found and a
    /// role that may not follow enquiries as forbidden, as the pages show refusals.
    private func visible<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as EnquiryError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound: throw HTTPError(.notFound)
            default: throw error
            }
        }
    }
}

// Rows are looked up by name for every field, many to a page: answered by a switch rather
// than by `Mirror`.
extension EnquiryListPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "reference": reference
        case "candidate": candidate
        case "component": component
        case "series": series
        case "service": service
        case "status": status
        case "statusTag": statusTag
        case "due": due
        default: nil
        }
    }
}
