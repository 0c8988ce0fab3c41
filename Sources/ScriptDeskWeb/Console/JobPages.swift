import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices

/// `GET /ops/jobs`: every job, searched by state, lane, kind, error code, what it is about
/// and when it was enqueued, newest first, a page at a time by keyset (`before=` the last
/// id shown), so the millionth row comes as quickly as the first. `GET /ops/jobs.csv`: the
/// jobs matching the same filter as a file, written a page at a time as it is read.
/// `GET /ops/jobs/{id}`: one job in full, with its attempts and its request's timeline.
struct JobPages<Context: PortalRequestContext> {
    let console: Console
    let tracking: RequestTracking
    let renderer: PageRenderer

    /// Rows per page.
    static var pageSize: Int { 50 }
    /// Rows read per query while writing the CSV file.
    static var exportSlice: Int { 1_000 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("ops/jobs", use: list)
        pages.get("ops/jobs.csv", use: export)
        pages.get("ops/jobs/{id}", use: show)
    }

    // MARK: The list

    struct ListPage: PageContent {
        var title = "Jobs"
        var session: PortalSession?
        var console: Console.Chrome
        var canOperate: Bool
        var errors: [ConsoleFilter.Problem]
        var hasErrors: Bool
        var filter: FilterForm
        var rows: [Row]
        var hasRows: Bool
        var hasSelectable: Bool
        var isFirstPage: Bool
        var firstPage: String
        var nextPage: String?
        var exportLink: String
        var hiddenFilter: [Field]
        var filterWords: String
        var filtered: Bool
    }

    /// The filter form's current values and choices.
    struct FilterForm {
        var states: [RequestPages<Context>.Option]
        var lanes: [RequestPages<Context>.Option]
        var kind: String
        var error: String
        var centre: String
        var candidate: String
        var component: String
        var request: String
        var from: String
        var to: String
    }

    struct Field {
        var name: String
        var value: String
    }

    struct Row {
        var id: Int64
        var kind: String
        var lane: String
        var state: String
        var stateTag: String
        var attempts: String
        var about: JobAbout
        var enqueuedAt: String
        var error: String
        var selectable: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .jobs)
        let fields = Self.fields(of: request)
        let (filter, problems) = ConsoleFilter.read(fields)
        let before = fields["before"].flatMap { Int64($0) }
        let found = problems.isEmpty ? try await console.watch.jobs(filter.search, before: before, limit: Self.pageSize, for: viewer.caller) : nil
        let rows = (found?.rows ?? []).map { Self.row($0, canOperate: viewer.canOperate) }
        let page = ListPage(
            session: viewer.session,
            console: viewer.chrome,
            canOperate: viewer.canOperate,
            errors: problems,
            hasErrors: !problems.isEmpty,
            filter: Self.form(filter, fields),
            rows: rows,
            hasRows: !rows.isEmpty,
            hasSelectable: rows.contains(where: \.selectable),
            isFirstPage: before == nil,
            firstPage: filter.link("/ops/jobs"),
            nextPage: found?.nextBefore.map { filter.link("/ops/jobs", [("before", String($0))]) },
            exportLink: filter.link("/ops/jobs.csv"),
            hiddenFilter: filter.fields.map { Field(name: $0.name, value: $0.value) },
            filterWords: filter.words,
            filtered: filter.isFiltered
        )
        return renderer.render("ops-jobs", page, status: problems.isEmpty ? .ok : .badRequest)
    }

    /// The address's query as fields.
    static func fields(of request: Request) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { fields[String(name)] = String(value) }
        return fields
    }

    static func form(_ filter: ConsoleFilter, _ fields: [String: String]) -> FilterForm {
        FilterForm(
            states: JobState.allCases.map {
                RequestPages<Context>.Option(value: $0.rawValue, label: JobStateTag.label($0), selected: $0 == filter.state)
            },
            lanes: Lane.allCases.map { RequestPages<Context>.Option(value: $0.rawValue, label: Console.laneName($0), selected: $0 == filter.lane) },
            kind: filter.kind ?? "",
            error: filter.errorCode ?? "",
            centre: filter.centre ?? "",
            candidate: filter.candidate ?? "",
            component: filter.component ?? "",
            request: filter.requestID ?? "",
            from: fields["from"] ?? "",
            to: fields["to"] ?? ""
        )
    }

    static func row(_ job: JobRow, canOperate: Bool) -> Row {
        Row(
            id: job.id,
            kind: job.kind,
            lane: Console.laneName(job.lane),
            state: JobStateTag.label(job.state),
            stateTag: JobStateTag.style(job.state),
            attempts: "\(job.attempts) of \(job.maxAttempts)",
            about: JobAbout(job.about),
            enqueuedAt: UKTime.brief(job.enqueuedAt),
            error: job.lastErrorCode ?? "",
            selectable: canOperate && (job.state == .waiting || job.state == .dead)
        )
    }

    // MARK: The export

    /// The jobs matching the filter, newest first, as CSV written while it is read: a large
    /// export never sits whole in memory and its first rows leave at once.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .jobs)
        let (filter, problems) = ConsoleFilter.read(Self.fields(of: request))
        if let problem = problems.first {
            return renderer.problem(status: .badRequest, title: "The filter cannot be exported", message: problem.message, session: viewer.session)
        }
        let watch = console.watch
        let caller = viewer.caller
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.encode([Self.exportHeadings])))
            var before: Int64?
            repeat {
                let page = try await watch.jobs(filter.search, before: before, limit: Self.exportSlice, for: caller)
                if !page.rows.isEmpty { try await writer.write(ByteBuffer(string: CSV.encode(page.rows.map(Self.exportRow)))) }
                before = page.nextBefore
            } while before != nil
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: CSV.headers(fileName: "jobs.csv"), body: body)
    }

    static var exportHeadings: [String] {
        [
            "id", "kind", "lane", "state", "attempts", "max_attempts", "request_id", "centre", "candidate", "component", "enqueued_at",
            "due_at", "started_at", "finished_at", "worker", "last_error_code", "last_error_message",
        ]
    }

    static func exportRow(_ job: JobRow) -> [String] {
        let time = { (date: Date?) in date.map(ISO8601.string) ?? "" }
        return [
            String(job.id), job.kind, job.lane.rawValue, job.state.rawValue, String(job.attempts), String(job.maxAttempts),
            job.about.requestID ?? "", job.about.centre ?? "", job.about.candidate ?? "", job.about.component ?? "",
            time(job.enqueuedAt), time(job.dueAt), time(job.startedAt), time(job.finishedAt), job.worker ?? "",
            job.lastErrorCode ?? "", job.lastErrorMessage ?? "",
        ]
    }

    // MARK: One job

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var canOperate: Bool
        var row: Row
        var facts: [Fact]
        var payload: String
        var attempts: [Attempt]
        var hasAttempts: Bool
        var timeline: [RequestPages<Context>.Event]
        var hasTimeline: Bool
        var requestMissing: Bool
        var controllable: Bool
    }

    struct Fact {
        var key: String
        var value: String
    }

    struct Attempt {
        var number: Int
        var worker: String
        var startedAt: String
        var endedAt: String
        var outcome: String
        var outcomeTag: String
        var code: String?
        var message: String?
        var detail: String?
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .jobs)
        guard let id = Int64(try context.parameters.require("id")), let job = try await console.watch.job(id, for: viewer.caller) else {
            throw HTTPError(.notFound)
        }
        // A request past its retention is gone; the job's page still shows the job.
        var timeline: [RequestEvent]?
        if let requestID = job.row.about.requestID {
            timeline = try? await tracking.details(of: requestID, for: viewer.caller).timeline
        }
        let row = job.row
        let dates: [(String, Date?)] = [
            ("Enqueued", row.enqueuedAt), ("Due", row.dueAt), ("Started", row.startedAt), ("Finished", row.finishedAt),
            ("Lease expires", row.leaseExpiresAt),
        ]
        var facts = [Fact(key: "Lane", value: Console.laneName(row.lane)), Fact(key: "Attempts", value: "\(row.attempts) of \(row.maxAttempts)")]
        facts += dates.compactMap { name, date in date.map { Fact(key: name, value: UKTime.brief($0)) } }
        if let worker = row.worker { facts.append(Fact(key: "Worker", value: worker)) }
        if let key = job.uniqueKey { facts.append(Fact(key: "Unique key", value: key)) }
        let page = DetailPage(
            title: "Job \(row.id)",
            session: viewer.session,
            console: viewer.chrome,
            canOperate: viewer.canOperate,
            row: Self.row(row, canOperate: viewer.canOperate),
            facts: facts,
            payload: Self.pretty(job.payload),
            attempts: job.attempts.reversed().map(Self.attempt),
            hasAttempts: !job.attempts.isEmpty,
            timeline: (timeline ?? []).reversed().map(RequestPages<Context>.event),
            hasTimeline: !(timeline ?? []).isEmpty,
            requestMissing: row.about.requestID != nil && timeline == nil,
            controllable: viewer.canOperate && (row.state == .waiting || row.state == .dead)
        )
        return renderer.render("ops-job", page)
    }

    static func attempt(_ attempt: JobDetail.Attempt) -> Attempt {
        let outcome: (String, String) =
            attempt.succeeded
            ? ("Succeeded", "tag--green") : attempt.endedAt == nil ? ("Running", "tag--blue") : ("Failed", "tag--red")
        return Attempt(
            number: attempt.number,
            worker: attempt.worker ?? "Not recorded",
            startedAt: attempt.startedAt.map(UKTime.brief) ?? "Not recorded",
            endedAt: attempt.endedAt.map(UKTime.brief) ?? "",
            outcome: outcome.0,
            outcomeTag: outcome.1,
            code: attempt.error?.code,
            message: attempt.error?.message,
            detail: attempt.error.map { $0.isTransient ? "Transient: another attempt may succeed" : "Permanent: not tried again" }
        )
    }

    /// A JSON payload laid out to read, or the text as it is.
    static func pretty(_ payload: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return payload }
        return String(decoding: data, as: UTF8.self)
    }
}

// Rows are looked up by name for every field, fifty to a page: answered by a switch rather
// than by `Mirror`.
extension JobPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "kind": kind
        case "lane": lane
        case "state": state
        case "stateTag": stateTag
        case "attempts": attempts
        case "about": about
        case "enqueuedAt": enqueuedAt
        case "error": error
        case "selectable": selectable
        default: nil
        }
    }
}

extension JobAbout: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "requestID": requestID
        case "reference": reference
        case "centre": centre
        case "candidate": candidate
        case "component": component
        case "hasAny": hasAny
        default: nil
        }
    }
}
