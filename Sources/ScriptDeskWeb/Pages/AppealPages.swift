import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// Appeals against enquiries' outcomes, for the centre: `/enquiries/{id}/appeal`, the
/// outcome, the last day to appeal with its countdown and the written statement, sent to
/// the appeal desk (its refusals in the error summary, the statement kept), then a
/// confirmation with the reference, stage and due date; `/appeals`, the centre's appeals
/// filtered by series and status, in pages; and `/appeals/{id}`, one appeal's statement,
/// timeline and decision, with the last day for a further stage where there is one.
/// Another centre's appeal is the desk's "not found", answered as the 404 page.
struct AppealPages<Context: PortalRequestContext> {
    let appeals: AppealDesk
    let enquiries: EnquiryDesk
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page of the table.
    static var pageSize: Int { 25 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("enquiries/{id}/appeal", use: start)
        pages.post("enquiries/{id}/appeal", use: make)
        pages.get("appeals", use: list)
        pages.get("appeals/{id}", use: show)
    }

    struct FormPage: PageContent {
        var title: String
        var session: PortalSession?
        var enquiryID: String
        var enquiryReference: String
        var candidate: String
        var component: String
        var series: String
        var before: String
        var after: String
        var reason: String
        var appealBy: String
        var appealCountdown: String
        var appealOpen: Bool
        var statement: String
        var errors: [RequestCopyPages<Context>.ErrorItem]
        var hasErrors: Bool
        var statementError: String?
    }

    struct Confirmation: PageContent {
        var title = "Appeal received"
        var session: PortalSession?
        var id: String
        var reference: String
        var stage: String
        var due: String
        var enquiryID: String
        var enquiryReference: String
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        return try await form(try context.parameters.require("id"), statement: "", errors: [], session: session)
    }

    @Sendable func make(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        let statement = context.portal.form["statement"] ?? ""
        do {
            let appeal = try await appeals.make(against: id, statement: statement, by: session.signedIn.caller)
            let page = Confirmation(
                session: session,
                id: appeal.id,
                reference: appeal.reference,
                stage: Self.stage(appeal.stage),
                due: UKTime.dateAndTime(appeal.dueAt),
                enquiryID: appeal.enquiry,
                enquiryReference: Reference.text(appeal.enquiry)
            )
            return renderer.render("appeal-sent", page)
        } catch let error as AppealError {
            if case .enquiryNotFound = error { throw HTTPError(.notFound) }
            let status: HTTPResponse.Status = if case .forbidden = error { .forbidden } else { .unprocessableContent }
            return try await form(
                id,
                statement: statement,
                errors: [.init(field: "statement", message: error.message)],
                session: session,
                status: status
            )
        }
    }

    private func form(
        _ id: String,
        statement: String,
        errors: [RequestCopyPages<Context>.ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (enquiry, _) = try await Self.visible { try await enquiries.details(of: id, for: session.signedIn.caller) }
        guard let outcome = enquiry.outcome else { throw HTTPError(.notFound) }
        let appealBy = enquiries.appealBy(enquiry) ?? outcome.receivedAt
        let now = clock.now
        let page = FormPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Appeal this outcome",
            session: session,
            enquiryID: enquiry.id,
            enquiryReference: enquiry.reference,
            candidate: enquiry.candidate?.rawValue ?? "Whole cohort",
            component: enquiry.component,
            series: enquiry.series,
            before: "\(outcome.previousMark), grade \(outcome.previousGrade)",
            after: "\(outcome.mark), grade \(outcome.grade)",
            reason: outcome.reason,
            appealBy: UKTime.dateAndTime(appealBy),
            appealCountdown: UKTime.countdown(to: appealBy, from: now),
            appealOpen: appealBy >= now,
            statement: statement,
            errors: errors,
            hasErrors: !errors.isEmpty,
            statementError: errors.first?.message
        )
        return renderer.render("appeal-new", page, status: status)
    }

    struct ListPage: PageContent {
        var title = "Appeals"
        var session: PortalSession?
        var rows: [Row]
        var hasRows: Bool
        var filtered: Bool
        var seriesOptions: [RequestPages<Context>.Option]
        var statuses: [RequestPages<Context>.Option]
        var pagination: Pagination
    }

    struct Row {
        var id: String
        var reference: String
        var enquiryID: String
        var enquiryReference: String
        var stage: String
        var candidate: String
        var component: String
        var series: String
        var status: String
        var statusTag: String
        var due: String
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let query = request.uri.queryParameters
        let series = query["series"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let status = query["status"].flatMap { Appeal.Status(rawValue: String($0)) }
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await Self.visible {
            try await appeals.list(
                .init(series: series, status: status),
                page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
                for: session.signedIn.caller
            )
        }
        var kept: [String: String] = [:]
        if let series { kept["series"] = series }
        if let status { kept["status"] = status.rawValue }
        let page = ListPage(
            session: session,
            rows: found.items.map(Self.row),
            hasRows: !found.items.isEmpty,
            filtered: !kept.isEmpty,
            seriesOptions: try await results.seriesInForce(at: clock.now).map { .init(value: $0.code, label: $0.name, selected: $0.code == series) },
            statuses: Appeal.Status.allCases.map { .init(value: $0.rawValue, label: Self.status($0), selected: $0 == status) },
            pagination: Pagination(path: "/appeals", query: kept, page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("appeals", page)
    }

    static func row(_ appeal: Appeal) -> Row {
        Row(
            id: appeal.id,
            reference: appeal.reference,
            enquiryID: appeal.enquiry,
            enquiryReference: Reference.text(appeal.enquiry),
            stage: stage(appeal.stage),
            candidate: appeal.candidate?.rawValue ?? "Whole cohort",
            component: appeal.component,
            series: appeal.series,
            status: status(appeal.status),
            statusTag: EnquiryNames.style(appeal.status),
            due: UKTime.date(appeal.dueAt)
        )
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var row: Row
        var statement: String
        var received: String
        var due: String
        var decision: Decision?
        var timeline: [RequestPages<Context>.Event]
    }

    struct Decision {
        var before: String
        var after: String
        var reason: String
        var recorded: String
        var upheld: Bool
        var nextStageBy: String?
        var nextStageCountdown: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        let (appeal, timeline) = try await Self.visible { try await appeals.details(of: id, for: session.signedIn.caller) }
        let now = clock.now
        let next = appeals.nextStageBy(appeal).flatMap { $0 >= now ? $0 : nil }
        let page = DetailPage(
            title: "Appeal \(appeal.reference)",
            session: session,
            row: Self.row(appeal),
            statement: appeal.statement,
            received: UKTime.dateAndTime(appeal.receivedAt),
            due: UKTime.dateAndTime(appeal.dueAt),
            decision: appeal.decision.map { decision in
                Decision(
                    before: "\(decision.previousMark), grade \(decision.previousGrade)",
                    after: "\(decision.mark), grade \(decision.grade)",
                    reason: decision.reason,
                    recorded: UKTime.dateAndTime(decision.receivedAt),
                    upheld: appeal.upheld == true,
                    nextStageBy: next.map(UKTime.dateAndTime),
                    nextStageCountdown: next.map { UKTime.countdown(to: $0, from: now) } ?? ""
                )
            },
            timeline: Self.events(timeline)
        )
        return renderer.render("appeal", page)
    }

    /// A timeline as the pages show it, newest first.
    static func events(_ timeline: [EnquiryEvent]) -> [RequestPages<Context>.Event] {
        timeline.reversed().map { event in
            .init(at: UKTime.dateAndTime(event.at), status: status(event.status), statusTag: EnquiryNames.style(event.status), detail: event.detail)
        }
    }

    /// "Stage 1".
    static func stage(_ stage: Int) -> String { "Stage \(stage)" }

    /// "Received" or "Decided".
    static func status(_ status: Appeal.Status) -> String {
        status == .received ? "Received" : "Decided"
    }

    /// Runs `body`, answering an appeal or enquiry that is not the caller's to see as not
    /// found and a role that may not follow them as forbidden.
    static func visible<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AppealError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound, .enquiryNotFound: throw HTTPError(.notFound)
            default: throw error
            }
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
extension AppealPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "reference": reference
        case "enquiryID": enquiryID
        case "enquiryReference": enquiryReference
        case "stage": stage
        case "candidate": candidate
        case "component": component
        case "series": series
        case "status": status
        case "statusTag": statusTag
        case "due": due
        default: nil
        }
    }
}
