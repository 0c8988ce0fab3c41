import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices

/// What every page of the operations console shares: who may see it (the access policy's
/// `watchQueue`; anyone else is told the page does not exist, as the API hides another
/// centre's objects), whether they may act (`operateQueue`; without it no button is shown,
/// and the routes refuse them all the same), and the alert banner, read from the overview
/// every viewer of this process shares.
struct Console {
    let watch: QueueWatch
    let operations: QueueOperations
    let access: AccessPolicy

    /// The signed-in viewer of a console page.
    struct Viewer {
        var session: PortalSession
        var caller: Caller
        /// Whether the operate buttons are shown.
        var canOperate: Bool
        /// The overview the banner was read from (at most a second old).
        var overview: ConsoleOverview
        /// What the banner and the console's navigation show.
        var chrome: Chrome
    }

    /// The banner and the console's own navigation, on every console page.
    struct Chrome {
        var alerts: [ConsoleOverview.Alert]
        var hasAlerts: Bool
        /// Which section's link is marked current (stored, as the templates read by reflection).
        var overviewCurrent: Bool
        var jobsCurrent: Bool
        var auditCurrent: Bool
        var enquiriesCurrent: Bool
        var appealsCurrent: Bool
        var queriesCurrent: Bool

        init(alerts: [ConsoleOverview.Alert], current: Section) {
            self.alerts = alerts
            hasAlerts = !alerts.isEmpty
            overviewCurrent = current == .overview
            jobsCurrent = current == .jobs
            auditCurrent = current == .audit
            enquiriesCurrent = current == .enquiries
            appealsCurrent = current == .appeals
            queriesCurrent = current == .queries
        }
    }

    /// The console's sections, for its navigation.
    enum Section { case overview, jobs, audit, enquiries, appeals, queries, other }

    /// The viewer of `section`: a redirect to sign in without a session, not found for a
    /// caller who may not watch the queue. `fresh` reads the queue now rather than taking the
    /// shared overview, as after the viewer's own change.
    func viewer<Context: PortalRequestContext>(_ context: Context, in section: Section, fresh: Bool = false) async throws -> Viewer {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        guard access.decide(caller, .watchQueue) == .allowed else { throw HTTPError(.notFound) }
        let overview = try await watch.overview(for: caller, fresh: fresh)
        return Viewer(
            session: session,
            caller: caller,
            canOperate: access.decide(caller, .operateQueue) == .allowed,
            overview: overview,
            chrome: Chrome(alerts: overview.alerts, current: section)
        )
    }

    /// A lane's name as the pages show it.
    static func laneName(_ lane: Lane) -> String {
        lane == .priority ? "Priority" : "Standard"
    }

    /// An answer to a change the caller may not make, as the pages show refusals.
    static func refusal(_ error: any Error) -> (title: String, message: String)? {
        switch error {
        case let error as JobControlError: ("These jobs cannot be changed", error.message)
        default: nil
        }
    }
}

/// How a job's state is shown: a word and a tag colour, never colour alone.
enum JobStateTag {
    static func label(_ state: JobState) -> String {
        switch state {
        case .waiting: "Waiting"
        case .running: "Running"
        case .succeeded: "Succeeded"
        case .dead: "Dead"
        case .cancelled: "Cancelled"
        }
    }

    static func style(_ state: JobState) -> String {
        switch state {
        case .waiting: "tag--grey"
        case .running: "tag--blue"
        case .succeeded: "tag--green"
        case .dead: "tag--red"
        case .cancelled: "tag--yellow"
        }
    }
}
