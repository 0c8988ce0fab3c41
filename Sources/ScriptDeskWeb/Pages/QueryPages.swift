import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// Missing or incomplete results queries, for the centre: `/queries/new`, one question page
/// (series, component and candidate, prefilled from the address when it comes from a
/// result; what is wrong; the indicator, for an incorrect one; the detail) sent to the
/// result-query desk, its refusals in the error summary with the answers kept, then a
/// confirmation with the reference and due date; `/queries`, the centre's queries in pages;
/// and `/queries/{id}`, one query's timeline and resolution. Another centre's query is the
/// desk's "not found", answered as the 404 page.
struct QueryPages<Context: PortalRequestContext> {
    let desk: ResultQueryDesk
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page of the table.
    static var pageSize: Int { 25 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("queries/new", use: start)
        pages.post("queries/new", use: submit)
        pages.get("queries", use: list)
        pages.get("queries/{id}", use: show)
    }

    typealias Option = RequestPages<Context>.Option
    typealias Choice = RequestCopyPages<Context>.Choice
    typealias ErrorItem = RequestCopyPages<Context>.ErrorItem

    struct FormPage: PageContent {
        var title: String
        var session: PortalSession?
        var seriesOptions: [Option]
        var components: [Option]
        var candidate: String
        var reasons: [Choice]
        var indicators: [Option]
        var detail: String
        var errors: [ErrorItem]
        var hasErrors: Bool
        var componentError: String?
        var candidateError: String?
        var reasonError: String?
        var indicatorError: String?
        var detailError: String?
    }

    struct Confirmation: PageContent {
        var title = "Query received"
        var session: PortalSession?
        var id: String
        var reference: String
        var reason: String
        var due: String
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        var form: [String: String] = [:]
        for name in ["series", "component", "candidate", "reason"] { form[name] = request.uri.queryParameters[Substring(name)].map(String.init) }
        return try await render(form, errors: [], session: session)
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let form = context.portal.form
        let value = { (name: String) in (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
        var errors: [ErrorItem] = []
        if value("component").isEmpty { errors.append(.init(field: "component", message: "Choose the component")) }
        if value("candidate").isEmpty { errors.append(.init(field: "candidate", message: "Enter the candidate number")) }
        let reason = ResultQuery.Reason(rawValue: value("reason"))
        if reason == nil { errors.append(.init(field: "reason-missing-result", message: "Choose what is wrong with the result")) }
        guard errors.isEmpty, let reason else { return try await render(form, errors: errors, session: session, status: .unprocessableContent) }
        let submission = ResultQuerySubmission(
            series: value("series"),
            component: value("component"),
            candidate: value("candidate"),
            reason: reason,
            detail: form["detail"] ?? "",
            indicator: reason == .incorrectIndicator ? ResultIndicator(rawValue: value("indicator")) : nil
        )
        do {
            let query = try await desk.submit(submission, by: session.signedIn.caller)
            let page = Confirmation(
                session: session,
                id: query.id,
                reference: query.reference,
                reason: Self.reason(query.reason),
                due: UKTime.dateAndTime(query.dueAt)
            )
            return renderer.render("query-sent", page)
        } catch let error as ResultQueryError {
            let status: HTTPResponse.Status = if case .forbidden = error { .forbidden } else { .unprocessableContent }
            return try await render(form, errors: [.init(field: Self.field(of: error), message: error.message)], session: session, status: status)
        } catch let error as IntakeError {
            let field = if case .unknownCandidate = error { "candidate" } else { "component" }
            return try await render(form, errors: [.init(field: field, message: error.message)], session: session, status: .unprocessableContent)
        }
    }

    /// The field a refusal of the desk is about, for the error summary's link.
    static func field(of error: ResultQueryError) -> String {
        guard case .refused(let refusal) = error else { return "reason-missing-result" }
        switch refusal {
        case .detailRequired, .detailTooLong: return "detail"
        case .indicatorRequired, .indicatorNotApplied: return "indicator"
        case .noEntry: return "candidate"
        default: return "reason-missing-result"
        }
    }

    private func render(
        _ form: [String: String],
        errors: [ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let value = { (name: String) in (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
        let inForce = try await results.seriesInForce(at: clock.now)
        let series = value("series").isEmpty ? (inForce.first?.code ?? "") : value("series")
        let first: (String) -> String? = { field in errors.first { $0.field == field || $0.field.hasPrefix(field + "-") }?.message }
        let page = FormPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Report a missing or incomplete result",
            session: session,
            seriesOptions: inForce.map { .init(value: $0.code, label: $0.name, selected: $0.code == series) },
            components: try await results.components().map {
                .init(value: $0.code, label: "\($0.code) \($0.title) (\($0.qualification.displayName))", selected: $0.code == value("component"))
            },
            candidate: value("candidate"),
            reasons: ResultQuery.Reason.allCases.map { reason in
                Choice(
                    value: reason.rawValue,
                    label: Self.reason(reason),
                    hint: Self.about(reason),
                    checked: value("reason") == reason.rawValue,
                    id: "reason-\(reason.rawValue)"
                )
            },
            indicators: ResultIndicator.allCases.map {
                .init(value: $0.rawValue, label: "\($0.rawValue): \(Self.indicator($0))", selected: $0.rawValue == value("indicator"))
            },
            detail: form["detail"] ?? "",
            errors: errors,
            hasErrors: !errors.isEmpty,
            componentError: first("component"),
            candidateError: first("candidate"),
            reasonError: first("reason"),
            indicatorError: first("indicator"),
            detailError: first("detail")
        )
        return renderer.render("query-new", page, status: status)
    }

    struct ListPage: PageContent {
        var title = "Missing and incomplete results"
        var session: PortalSession?
        var rows: [Row]
        var hasRows: Bool
        var filtered: Bool
        var statuses: [Option]
        var pagination: Pagination
    }

    struct Row {
        var id: String
        var reference: String
        var candidate: String
        var component: String
        var series: String
        var reason: String
        var status: String
        var statusTag: String
        var due: String
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { ResultQuery.Status(rawValue: String($0)) }
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await Self.visible {
            try await desk.list(
                .init(status: status),
                page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
                for: session.signedIn.caller
            )
        }
        var kept: [String: String] = [:]
        if let status { kept["status"] = status.rawValue }
        let page = ListPage(
            session: session,
            rows: found.items.map(Self.row),
            hasRows: !found.items.isEmpty,
            filtered: !kept.isEmpty,
            statuses: ResultQuery.Status.allCases.map { .init(value: $0.rawValue, label: Self.status($0), selected: $0 == status) },
            pagination: Pagination(path: "/queries", query: kept, page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("queries", page)
    }

    static func row(_ query: ResultQuery) -> Row {
        Row(
            id: query.id,
            reference: query.reference,
            candidate: query.candidate.rawValue,
            component: query.component,
            series: query.series,
            reason: reason(query.reason),
            status: status(query.status),
            statusTag: query.status == .received ? "tag--blue" : "tag--green",
            due: UKTime.date(query.dueAt)
        )
    }

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var row: Row
        var indicator: String?
        var detail: String
        var received: String
        var due: String
        var correction: Correction?
        var explanation: String?
        var resolved: String?
        var timeline: [RequestPages<Context>.Event]
    }

    struct Correction {
        var before: String
        var after: String
        var reason: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let (query, timeline) = try await Self.visible {
            try await desk.details(of: try context.parameters.require("id"), for: session.signedIn.caller)
        }
        return renderer.render("query", Self.detail(query, timeline, session: session))
    }

    static func detail(_ query: ResultQuery, _ timeline: [ResultQueryEvent], session: PortalSession?) -> DetailPage {
        DetailPage(
            title: "Query \(query.reference)",
            session: session,
            row: row(query),
            indicator: query.indicator.map { "\($0.rawValue): \(indicator($0))" },
            detail: query.detail,
            received: UKTime.dateAndTime(query.receivedAt),
            due: UKTime.dateAndTime(query.dueAt),
            correction: query.resolution?.correction.map { correction in
                Correction(
                    before: (correction.previousMark.map { "\($0)" } ?? "none") + (correction.previousGrade.map { ", grade \($0)" } ?? ""),
                    after: "\(correction.mark), grade \(correction.grade)",
                    reason: correction.reason
                )
            },
            explanation: query.resolution?.explanation,
            resolved: query.resolution.map { UKTime.dateAndTime($0.resolvedAt) },
            timeline: timeline.reversed().map { event in
                .init(
                    at: UKTime.dateAndTime(event.at),
                    status: status(event.status),
                    statusTag: event.status == .received ? "tag--blue" : "tag--green",
                    detail: event.detail
                )
            }
        )
    }

    /// "Missing result".
    static func reason(_ reason: ResultQuery.Reason) -> String {
        switch reason {
        case .missingResult: "Missing result"
        case .incompleteResult: "Incomplete result"
        case .incorrectIndicator: "Incorrect indicator"
        }
    }

    /// What the reason means, in a sentence.
    static func about(_ reason: ResultQuery.Reason) -> String {
        switch reason {
        case .missingResult: "The candidate sat the component but has no mark."
        case .incompleteResult: "The result leaves out part of the candidate's work."
        case .incorrectIndicator: "An indicator was applied that should not have been. Choose it below."
        }
    }

    /// An indicator's meaning.
    static func indicator(_ indicator: ResultIndicator) -> String {
        switch indicator {
        case .noResult: "no result"
        case .partiallyAbsent: "partially absent"
        case .pending: "pending"
        case .ungraded: "ungraded"
        }
    }

    /// "Received" or "Resolved".
    static func status(_ status: ResultQuery.Status) -> String {
        status == .received ? "Received" : "Resolved"
    }

    /// Runs `body`, answering a query that is not the caller's to see as not found and a role
    /// that may not follow queries as forbidden.
    static func visible<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ResultQueryError {
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
extension QueryPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "reference": reference
        case "candidate": candidate
        case "component": component
        case "series": series
        case "reason": reason
        case "status": status
        case "statusTag": statusTag
        case "due": due
        default: nil
        }
    }
}
