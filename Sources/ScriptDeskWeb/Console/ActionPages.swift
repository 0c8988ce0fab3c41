import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices

/// Retrying and cancelling from the console, and the audit. `POST /ops/jobs/confirm` takes a
/// selection of jobs or the jobs page's filter and shows how many jobs the action will touch
/// before anything changes; `POST /ops/jobs/act` does it (a large action runs in the
/// background) and sends the browser to the action's page, `GET /ops/actions/{id}`, whose
/// progress `GET /ops/actions/{id}/live` streams. `GET /ops/actions` lists every operator
/// action, newest first: who, when, from where, what, on which jobs, how many changed.
struct ActionPages<Context: PortalRequestContext> {
    let console: Console
    let renderer: PageRenderer

    /// Rows per page of the audit.
    static var pageSize: Int { 50 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.post("ops/jobs/confirm", use: confirm)
        pages.post("ops/jobs/act", use: act)
        pages.get("ops/actions", use: list)
        pages.get("ops/actions/{id}", use: show)
        pages.get("ops/actions/{id}/live", use: live)
    }

    // MARK: Confirm, then act

    struct ConfirmPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var verb: String
        var action: String
        var isCancel: Bool
        var count: String
        var matched: Bool
        var words: String
        var background: Bool
        var hiddenFilter: [JobPages<Context>.Field]
        var back: String
    }

    /// The action a form's button asks for: `retry` or `cancel`, then `-selected` or `-matching`.
    private static func requested(_ form: [String: String]) -> (JobControl, selected: Bool)? {
        let parts = (form["do"] ?? "").split(separator: "-").map(String.init)
        guard parts.count == 2, ["selected", "matching"].contains(parts[1]) else { return nil }
        switch parts[0] {
        case "retry": return (.retry, parts[1] == "selected")
        case "cancel": return (.cancel, parts[1] == "selected")
        default: return nil
        }
    }

    @Sendable func confirm(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .jobs)
        let form = context.portal.form
        guard let (action, selected) = Self.requested(form) else { throw HTTPError(.badRequest) }
        var (filter, problems) = ConsoleFilter.read(form)
        if selected {
            let ids = form.keys.compactMap { $0.hasPrefix("job-") ? Int64($0.dropFirst(4)) : nil }.sorted()
            guard !ids.isEmpty else {
                return renderer.problem(
                    status: .unprocessableContent,
                    title: "No jobs selected",
                    message: "Tick the box beside each job to act on, or act on every job matching the filter.",
                    session: viewer.session
                )
            }
            (filter, problems) = ConsoleFilter.read(["ids": ids.map(String.init).joined(separator: ",")])
        }
        if let problem = problems.first {
            return renderer.problem(
                status: .unprocessableContent,
                title: "These jobs cannot be changed",
                message: problem.message,
                session: viewer.session
            )
        }
        let count: Int
        do {
            count = try await console.operations.preview(filter.search, by: viewer.caller)
        } catch {
            guard let refusal = Console.refusal(error) else { throw error }
            return renderer.problem(status: .unprocessableContent, title: refusal.title, message: refusal.message, session: viewer.session)
        }
        let verb = action == .retry ? "Retry" : "Cancel"
        let page = ConfirmPage(
            title: "\(verb) \(Self.jobs(count))?",
            session: viewer.session,
            console: viewer.chrome,
            verb: verb,
            action: action == .retry ? "retry" : "cancel",
            isCancel: action == .cancel,
            count: Self.jobs(count),
            matched: count > 0,
            words: ConsoleFilter.words(try QueueOperations.controllable(filter.search)),
            background: count > QueueOperations.inlineLimit,
            hiddenFilter: filter.fields.map { .init(name: $0.name, value: $0.value) },
            back: selected ? "/ops/jobs" : filter.link("/ops/jobs")
        )
        return renderer.render("ops-confirm", page)
    }

    @Sendable func act(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .jobs)
        let form = context.portal.form
        let action: JobControl
        switch form["do"] {
        case "retry": action = .retry
        case "cancel": action = .cancel
        default: throw HTTPError(.badRequest)
        }
        let (filter, problems) = ConsoleFilter.read(form)
        if let problem = problems.first {
            return renderer.problem(
                status: .unprocessableContent,
                title: "These jobs cannot be changed",
                message: problem.message,
                session: viewer.session
            )
        }
        do {
            let done = try await console.operations.act(action, on: filter.search, by: viewer.caller, from: context.clientAddress)
            return Redirect.seeOther("/ops/actions/\(done.id)")
        } catch {
            guard let refusal = Console.refusal(error) else { throw error }
            return renderer.problem(status: .unprocessableContent, title: refusal.title, message: refusal.message, session: viewer.session)
        }
    }

    static func jobs(_ count: Int) -> String {
        "\(count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))) job\(count == 1 ? "" : "s")"
    }

    // MARK: The audit

    struct ListPage: PageContent {
        var title = "Audit of queue actions"
        var session: PortalSession?
        var console: Console.Chrome
        var rows: [Row]
        var hasRows: Bool
        var isFirstPage: Bool
        var nextPage: String?
    }

    struct Row {
        var id: Int64
        var at: String
        var who: String
        var address: String
        var what: String
        var target: String
        var matched: Int
        var changed: Int
        var skipped: Int
        var state: String
        var stateTag: String
        var running: Bool
        var note: String?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .audit)
        let before = request.uri.queryParameters["before"].flatMap { Int64(String($0)) }
        let found = try await console.operations.actions(before: before, limit: Self.pageSize + 1, by: viewer.caller)
        let shown = Array(found.prefix(Self.pageSize))
        let page = ListPage(
            session: viewer.session,
            console: viewer.chrome,
            rows: shown.map(Self.row),
            hasRows: !shown.isEmpty,
            isFirstPage: before == nil,
            nextPage: found.count > Self.pageSize ? shown.last.map { "/ops/actions?before=\($0.id)" } : nil
        )
        return renderer.render("ops-actions", page)
    }

    static func row(_ action: QueueAction) -> Row {
        Row(
            id: action.id,
            at: UKTime.brief(action.requestedAt),
            who: action.actorName,
            address: action.address ?? "Not known",
            what: what(action.kind),
            target: target(action.target),
            matched: action.matched,
            changed: action.changed,
            skipped: action.skipped,
            state: stateLabel(action.state),
            stateTag: action.state == .running ? "tag--blue" : action.state == .failed ? "tag--red" : "tag--green",
            running: action.state == .running,
            note: action.note
        )
    }

    static func what(_ kind: QueueAction.Kind) -> String {
        switch kind {
        case .retry: "Retry"
        case .cancel: "Cancel"
        case .pause: "Pause lane"
        case .resume: "Resume lane"
        case .concurrency: "Change slots"
        }
    }

    static func target(_ target: QueueAction.Target) -> String {
        if let search = target.search { return ConsoleFilter.words(search) }
        if let lane = target.lane { return "\(Console.laneName(lane)) lane" }
        if let slots = target.slots { return "\(slots) slots on \(target.worker.map { "worker \($0)" } ?? "every live worker")" }
        return ""
    }

    static func stateLabel(_ state: QueueAction.State) -> String {
        switch state {
        case .running: "Running"
        case .done: "Done"
        case .failed: "Failed"
        }
    }

    // MARK: One action

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var console: Console.Chrome
        var row: Row
        var progress: Progress
        var finishedAt: String?
        var jobID: Int64?
    }

    /// How far a retry or cancel has gone, as the page and the live stream show it.
    struct Progress: Encodable {
        var state: String
        var running: Bool
        var done: Int
        var total: Int
        var text: String
    }

    static func progress(_ action: QueueAction) -> Progress {
        let done = action.changed + action.skipped
        return Progress(
            state: stateLabel(action.state),
            running: action.state == .running,
            done: done,
            total: max(action.matched, done),
            text: "\(done.formatted()) of \(action.matched.formatted()) looked at: \(action.changed.formatted()) changed, "
                + "\(action.skipped.formatted()) left as they were"
        )
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .audit)
        let action = try await found(context, viewer)
        let page = DetailPage(
            title: "\(Self.what(action.kind)) #\(action.id)",
            session: viewer.session,
            console: viewer.chrome,
            row: Self.row(action),
            progress: Self.progress(action),
            finishedAt: action.finishedAt.map(UKTime.brief),
            jobID: action.jobID
        )
        return renderer.render("ops-action", page)
    }

    private func found(_ context: Context, _ viewer: Console.Viewer) async throws -> QueueAction {
        guard let id = Int64(try context.parameters.require("id")), let action = try await console.operations.action(id, by: viewer.caller) else {
            throw HTTPError(.notFound)
        }
        return action
    }

    /// The action's progress once a second while it runs, then once more when it ends.
    @Sendable func live(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .audit)
        let first = try await found(context, viewer)
        let operations = console.operations
        let body = ResponseBody { writer in
            var action = first
            var last: String?
            let end = ContinuousClock.now + OverviewPages<Context>.streamLifetime
            while true {
                let message = String(decoding: try JSONEncoder().encode(Self.progress(action)), as: UTF8.self)
                if message != last {
                    try await writer.write(ByteBuffer(string: "data: \(message)\n\n"))
                    last = message
                }
                if action.state != .running {
                    try await writer.write(ByteBuffer(string: "retry: 3600000\n\n"))
                    break
                }
                guard ContinuousClock.now < end else { break }
                try await Task.sleep(for: OverviewPages<Context>.interval)
                guard let next = try await operations.action(action.id, by: viewer.caller) else { break }
                action = next
            }
            try await writer.finish(nil)
        }
        return EventStream.response(body)
    }
}
