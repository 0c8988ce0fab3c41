import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// `GET /`: for a centre's people, the series in force with each service's deadline as a
/// date and a countdown (closed services shown as closed), and their requests by status;
/// for operations, where to go next.
struct HomePage<Context: PortalRequestContext> {
    let results: ResultsQuery
    let tracking: RequestTracking
    let rules: Policy
    let clock: WallClock
    let renderer: PageRenderer

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("/", use: show)
    }

    struct Page: PageContent {
        var title = "Home"
        var session: PortalSession?
        var centreName: String
        var series: [SeriesView]
        var showRequests: Bool
        var hasRequests: Bool
        var counts: [CountView]
        var hasReady: Bool
        var readyText: String
        var isOperations: Bool
    }

    struct SeriesView {
        var name: String
        var services: [ServiceView]
    }

    struct ServiceView {
        var name: String
        var open: Bool
        var notYetOpen: Bool
        var closed: Bool
        var countdown: String
        var closes: String
        var opens: String
    }

    struct CountView {
        var label: String
        var count: Int
        var tagClass: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let now = clock.now
        let series = try await results.seriesInForce(at: now)
        let kinds: [ScriptCopyKind] = caller.role == .teacher ? [.nonPriority] : [.priority, .nonPriority]
        let counts = caller.role.isCentreRole ? try await tracking.statusCounts(for: caller) : [:]
        let ready = counts[.ready, default: 0]
        let centreName = try await caller.centre.asyncMap { try await results.centre($0)?.name } ?? nil
        let page = Page(
            session: session,
            centreName: centreName.map { "\($0) (\(caller.centre?.rawValue ?? ""))" } ?? "All centres",
            series: series.map { series in
                SeriesView(name: series.name, services: kinds.map { service($0, in: series, now: now) })
            },
            showRequests: caller.role.isCentreRole,
            hasRequests: !counts.isEmpty,
            counts: ScriptRequestStatus.allCases.compactMap { status in
                counts[status].map { CountView(label: StatusTag.label(status), count: $0, tagClass: StatusTag.style(status)) }
            },
            hasReady: ready > 0,
            readyText: ready == 1 ? "1 copy is" : "\(ready) copies are",
            isOperations: !caller.role.isCentreRole
        )
        return renderer.render("home", page)
    }

    private func service(_ kind: ScriptCopyKind, in series: Series, now: Date) -> ServiceView {
        let deadline = series.calendar[ScriptRequestRules.deadlineMilestone(for: kind)]
        let opening = kind == .nonPriority ? rules.teachingCopiesReleasedAfter.map { series.calendar[$0] } : nil
        let name = kind == .priority ? "Priority copies of scripts" : "Copies of scripts for teaching"
        let notYetOpen = opening.map { now <= $0 } ?? false
        return ServiceView(
            name: name,
            open: !notYetOpen && now <= deadline,
            notYetOpen: notYetOpen && now <= deadline,
            closed: now > deadline,
            countdown: UKTime.countdown(to: deadline, from: now),
            closes: UKTime.dateAndTime(deadline),
            opens: opening.map(UKTime.dateAndTime) ?? ""
        )
    }
}

extension Optional {
    /// `transform` applied to the value, if there is one.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
