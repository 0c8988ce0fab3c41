public import Foundation
public import ScriptDeskQueue

/// The console's overview: each lane against its target, the last hour minute by minute,
/// the worker processes, the running jobs, and the alerts to show on every page.
public struct ConsoleOverview: Sendable {
    /// One lane.
    public struct LaneStatus: Sendable {
        /// What was counted.
        public var facts: ConsoleFacts.LaneFacts
        /// How long its oldest due job has waited, if one waits.
        public var oldestWait: TimeInterval?
        /// How long it should wait at most.
        public var target: TimeInterval
        /// Jobs finished per minute over the last hour, oldest minute first.
        public var throughput: [Double?]
        /// Time in queue, p50 and p95, per minute (`nil`: no job finished in it).
        public var queuedP50: [Double?]
        /// Time in queue, p95.
        public var queuedP95: [Double?]
        /// Run time, p50.
        public var runP50: [Double?]
        /// Run time, p95.
        public var runP95: [Double?]
        /// The start of each of the hour's minutes.
        public var minutes: [Date]
        /// Jobs finished in the last hour.
        public var finishedLastHour: Int

        /// Whether the oldest due job has waited past the target.
        public var breached: Bool { (oldestWait ?? 0) > target }
    }

    /// A worker process and whether it has gone quiet.
    public struct Worker: Sendable {
        /// The process as it reported itself.
        public var view: WorkerView
        /// Silent past its lease: its jobs will be rescued unless it answers.
        public var silent: Bool
    }

    /// Something operations should look at now.
    public struct Alert: Sendable, Hashable {
        /// A stable name for the alert, matching the Prometheus rules in `docs/alerts.yml`.
        public var name: String
        /// What is wrong, in words.
        public var message: String
    }

    /// When the facts were read.
    public var readAt: Date
    /// Every lane, priority first.
    public var lanes: [LaneStatus]
    /// Worker processes heard from in the last twenty minutes.
    public var workers: [Worker]
    /// Running jobs, oldest claim first (at most `QueueConsole.runningLimit`).
    public var running: [JobRow]
    /// Every running job.
    public var runningCount: Int
    /// What needs attention.
    public var alerts: [Alert]

    /// The overview of `facts` held to `rules`.
    public init(_ facts: ConsoleFacts, rules: QueueWatchRules) {
        readAt = facts.readAt
        lanes = facts.lanes.map { lane in
            LaneStatus(
                facts: lane,
                oldestWait: lane.oldestDueAt.map { max(facts.readAt.timeIntervalSince($0), 0) },
                target: rules.target(of: lane.lane),
                throughput: lane.minutes.map { Double($0.finished) },
                queuedP50: lane.minutes.map { $0.queued.percentile(0.5) },
                queuedP95: lane.minutes.map { $0.queued.percentile(0.95) },
                runP50: lane.minutes.map { $0.run.percentile(0.5) },
                runP95: lane.minutes.map { $0.run.percentile(0.95) },
                minutes: lane.minutes.map(\.minute),
                finishedLastHour: lane.minutes.reduce(0) { $0 + $1.finished }
            )
        }
        workers = facts.workers.map { Worker(view: $0, silent: facts.readAt.timeIntervalSince($0.lastHeartbeatAt) > rules.workerSilence) }
        running = facts.running
        runningCount = facts.runningCount
        var alerts: [Alert] = []
        for lane in lanes where lane.breached {
            alerts.append(
                Alert(
                    name: "ScriptDeskLaneOverTarget",
                    message: "The oldest due \(lane.facts.lane.rawValue) job has waited \(Self.words(lane.oldestWait ?? 0)), "
                        + "past the lane's target of \(Self.words(lane.target))."
                )
            )
        }
        let dead = lanes.reduce(0) { $0 + $1.facts.deadLastHour }
        if dead >= rules.deadPerHour {
            alerts.append(Alert(name: "ScriptDeskDeadJobs", message: "\(dead) jobs died in the last hour (alert at \(rules.deadPerHour))."))
        }
        let waiting = lanes.reduce(0) { $0 + $1.facts.waiting }
        if !workers.contains(where: { !$0.silent }) {
            alerts.append(
                Alert(
                    name: "ScriptDeskNoWorkers",
                    message: "No worker process has sent a heartbeat in the last \(Self.words(rules.workerSilence))"
                        + (waiting > 0 ? "; \(waiting) due jobs are waiting." : ".")
                )
            )
        }
        self.alerts = alerts
    }

    /// A span of seconds in words: "42 seconds", "6 minutes", "3 hours", "2 days".
    public static func words(_ seconds: TimeInterval) -> String {
        func unit(_ n: Int, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        switch seconds {
        case ..<120: return unit(Int(seconds.rounded(.down)), "second")
        case ..<7200: return unit(Int((seconds / 60).rounded(.down)), "minute")
        case ..<172_800: return unit(Int((seconds / 3600).rounded(.down)), "hour")
        default: return unit(Int((seconds / 86_400).rounded(.down)), "day")
        }
    }
}
