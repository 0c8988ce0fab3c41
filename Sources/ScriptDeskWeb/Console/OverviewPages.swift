import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices

/// `GET /ops`: the queue at a glance: each lane against its target, the last hour as
/// charts, the worker processes and the running jobs. `GET /ops/live` sends the same
/// figures as server-sent events once a second while the page is open (the page swaps them
/// in; without JavaScript it offers a refresh). Pausing and resuming a lane and changing
/// worker slots are forms on it, for those who may operate the queue.
struct OverviewPages<Context: PortalRequestContext> {
    let console: Console
    let renderer: PageRenderer

    /// How often the live figures are sent.
    static var interval: Duration { QueueWatch.interval }
    /// How long one stream lasts before the browser reconnects.
    static var streamLifetime: Duration { .seconds(300) }
    /// The longest silence on a stream: a comment keeps proxies from closing it.
    static var heartbeat: Duration { .seconds(15) }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("ops", use: show)
        pages.get("ops/live", use: live)
        pages.post("ops/lanes/{lane}/pause") { request, context in try await pause(true, request, context) }
        pages.post("ops/lanes/{lane}/resume") { request, context in try await pause(false, request, context) }
        pages.post("ops/concurrency", use: concurrency)
    }

    struct Page: PageContent {
        var title = "Job queue"
        var session: PortalSession?
        var console: Console.Chrome
        var notice: String?
        var canOperate: Bool
        var live: Live
    }

    /// The part of the page the live stream replaces.
    struct Live {
        var readAt: String
        var lanes: [LaneRow]
        var charts: [LaneCharts]
        var workers: [WorkerRow]
        var hasWorkers: Bool
        var running: [RunningRow]
        var hasRunning: Bool
        var runningMore: String?
        var alerts: [ConsoleOverview.Alert]
        var hasAlerts: Bool
    }

    struct LaneRow {
        var name: String
        var lane: String
        var waiting: Int
        var scheduled: Int
        var running: Int
        var dead: Int
        var deadLastHour: Int
        var paused: Bool
        var oldestWait: String
        var target: String
        var breached: Bool
        var finishedLastHour: Int
    }

    struct LaneCharts {
        var name: String
        var throughput: ChartView
        var queued: ChartView
        var run: ChartView
    }

    struct WorkerRow {
        var id: String
        var host: String
        var processID: String
        var version: String
        var slots: String
        var busy: Int
        var lastHeartbeat: String
        var silent: Bool
    }

    struct RunningRow {
        var id: Int64
        var kind: String
        var lane: String
        var about: JobAbout
        var worker: String
        var elapsed: String
        var leaseExpires: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let done = request.uri.queryParameters["done"].map(String.init)
        let viewer = try await console.viewer(context, in: .overview, fresh: done != nil)
        let notice = done.flatMap { Self.notices[$0] }
        return renderer.render("ops", page(viewer, notice: notice))
    }

    static var notices: [String: String] {
        [
            "paused": "The lane is paused: no worker claims its jobs until it is resumed. Running jobs finish.",
            "resumed": "The lane is resumed: workers claim its jobs again.",
            "slots": "The worker processes have been asked to change their slots; each does so at its next heartbeat.",
            "no-workers": "No live worker process matched, so nothing was changed.",
        ]
    }

    private func page(_ viewer: Console.Viewer, notice: String?) -> Page {
        Page(session: viewer.session, console: viewer.chrome, notice: notice, canOperate: viewer.canOperate, live: Self.live(viewer.overview))
    }

    static func live(_ overview: ConsoleOverview) -> Live {
        let now = overview.readAt
        return Live(
            readAt: UKTime.timeWithSeconds(now),
            lanes: overview.lanes.map { lane in
                LaneRow(
                    name: Console.laneName(lane.facts.lane),
                    lane: lane.facts.lane.rawValue,
                    waiting: lane.facts.waiting,
                    scheduled: lane.facts.scheduled,
                    running: lane.facts.running,
                    dead: lane.facts.dead,
                    deadLastHour: lane.facts.deadLastHour,
                    paused: lane.facts.paused,
                    oldestWait: lane.oldestWait.map(ConsoleOverview.words) ?? "Nothing due",
                    target: ConsoleOverview.words(lane.target),
                    breached: lane.breached,
                    finishedLastHour: lane.finishedLastHour
                )
            },
            charts: overview.lanes.map(charts),
            workers: overview.workers.map { worker in
                let view = worker.view
                return WorkerRow(
                    id: view.id,
                    host: view.host ?? "Not reported",
                    processID: view.processID.map(String.init) ?? "Not reported",
                    version: view.version ?? "Not reported",
                    slots: view.requestedSlots.map { $0 == view.slots ? "\(view.slots)" : "\(view.slots) (asked for \($0))" } ?? "\(view.slots)",
                    busy: view.busy,
                    lastHeartbeat: "\(ConsoleOverview.words(max(0, now.timeIntervalSince(view.lastHeartbeatAt)))) ago",
                    silent: worker.silent
                )
            },
            hasWorkers: !overview.workers.isEmpty,
            running: overview.running.map { job in
                RunningRow(
                    id: job.id,
                    kind: job.kind,
                    lane: Console.laneName(job.lane),
                    about: JobAbout(job.about),
                    worker: job.worker ?? "",
                    elapsed: job.startedAt.map { ConsoleOverview.words(max(0, now.timeIntervalSince($0))) } ?? "",
                    leaseExpires: job.leaseExpiresAt.map { UKTime.timeWithSeconds($0) } ?? ""
                )
            },
            hasRunning: !overview.running.isEmpty,
            runningMore: overview.runningCount > overview.running.count
                ? "Showing the \(overview.running.count) longest-running of \(overview.runningCount) running jobs." : nil,
            alerts: overview.alerts,
            hasAlerts: !overview.alerts.isEmpty
        )
    }

    static func charts(_ lane: ConsoleOverview.LaneStatus) -> LaneCharts {
        let name = Console.laneName(lane.facts.lane)
        let id = lane.facts.lane.rawValue
        return LaneCharts(
            name: name,
            throughput: SVGChart(
                kind: .bars,
                title: "\(name) lane: jobs finished",
                unit: "jobs finished a minute",
                minutes: lane.minutes,
                series: [.init(name: "Finished", values: lane.throughput)],
                format: ChartFormat.jobsPerMinute
            ).view(idPrefix: "\(id)-throughput"),
            queued: SVGChart(
                kind: .lines,
                title: "\(name) lane: time in queue",
                unit: "from due to claimed",
                minutes: lane.minutes,
                series: [.init(name: "p50", values: lane.queuedP50), .init(name: "p95", values: lane.queuedP95)],
                format: ChartFormat.duration
            ).view(idPrefix: "\(id)-queued"),
            run: SVGChart(
                kind: .lines,
                title: "\(name) lane: run time",
                unit: "from claimed to finished",
                minutes: lane.minutes,
                series: [.init(name: "p50", values: lane.runP50), .init(name: "p95", values: lane.runP95)],
                format: ChartFormat.duration
            ).view(idPrefix: "\(id)-run")
        )
    }

    /// One JSON message per change of the live figures, each carrying the part of the page
    /// to swap in, rendered by the same partial as the page; nothing while they stand still.
    @Sendable func live(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .overview)
        let console = console
        let renderer = renderer
        let body = ResponseBody { writer in
            let end = ContinuousClock.now + Self.streamLifetime
            var last = ""
            var quietSince = ContinuousClock.now
            var overview = viewer.overview
            while ContinuousClock.now < end {
                let html = renderer.fragment("ops-live", page(viewer.with(overview), notice: nil))
                if html != last {
                    let message = String(decoding: try JSONEncoder().encode(["html": html]), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "data: \(message)\n\n"))
                    last = html
                    quietSince = .now
                } else if ContinuousClock.now - quietSince >= Self.heartbeat {
                    try await writer.write(ByteBuffer(string: ": still watching\n\n"))
                    quietSince = .now
                }
                try await Task.sleep(for: Self.interval)
                overview = try await console.watch.overview(for: viewer.caller)
            }
            try await writer.finish(nil)
        }
        return EventStream.response(body)
    }

    private func pause(_ paused: Bool, _ request: Request, _ context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .overview)
        guard let lane = Lane(rawValue: try context.parameters.require("lane")) else { throw HTTPError(.notFound) }
        try await console.operations.setPaused(lane, paused, by: viewer.caller, from: context.clientAddress)
        return Redirect.seeOther("/ops?done=\(paused ? "paused" : "resumed")")
    }

    @Sendable func concurrency(_ request: Request, context: Context) async throws -> Response {
        let viewer = try await console.viewer(context, in: .overview)
        let form = context.portal.form
        guard let slots = form["slots"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (1...256).contains(slots) else {
            return renderer.problem(
                status: .unprocessableContent,
                title: "Enter a number of slots",
                message: "Slots must be a whole number from 1 to 256. Go back and enter one.",
                session: viewer.session
            )
        }
        let worker = form["worker"].flatMap { $0.isEmpty ? nil : $0 }
        let asked = try await console.operations.setConcurrency(slots, worker: worker, by: viewer.caller, from: context.clientAddress)
        return Redirect.seeOther("/ops?done=\(asked.isEmpty ? "no-workers" : "slots")")
    }
}

extension Console.Viewer {
    /// The viewer with a newer overview, and the banner read from it.
    func with(_ overview: ConsoleOverview) -> Console.Viewer {
        var viewer = self
        viewer.overview = overview
        viewer.chrome.alerts = overview.alerts
        viewer.chrome.hasAlerts = !overview.alerts.isEmpty
        return viewer
    }
}

/// What a job is about, as the console's tables show it, with links to the request and to
/// the centre's requests.
struct JobAbout {
    var requestID: String?
    var reference: String?
    var centre: String?
    var candidate: String?
    var component: String?
    var hasAny: Bool

    init(_ subject: JobSubject) {
        requestID = subject.requestID
        reference = subject.requestID.map(Reference.text)
        centre = subject.centre
        candidate = subject.candidate
        component = subject.component
        hasAny = subject != JobSubject()
    }
}
