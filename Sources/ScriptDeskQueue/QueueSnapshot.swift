public import Foundation

/// The queue as operations see it on the monitor: depth by lane and state, how long the
/// oldest job has waited, what is running where, and what needs attention.
public struct QueueSnapshot: Sendable, Encodable {
    /// One lane.
    public struct LaneView: Sendable, Encodable {
        /// The lane shown.
        public var lane: Lane
        /// Jobs by state.
        public var states: [String: Int]
        /// Seconds the oldest due waiting job has waited, if any is waiting.
        public var oldestWaitingSeconds: Double?
        /// Whether operations have paused the lane.
        public var paused: Bool
        /// Jobs that succeeded recently.
        public var throughput: Throughput
    }

    /// Jobs that succeeded in the last one, five and fifteen minutes.
    public struct Throughput: Sendable, Encodable, Equatable {
        /// In the last 60 seconds.
        public var lastMinute: Int
        /// In the last five minutes.
        public var last5Minutes: Int
        /// In the last fifteen minutes.
        public var last15Minutes: Int
        /// Over the last five minutes.
        public var perSecond: Double
    }

    /// A worker process, from its heartbeats.
    public struct WorkerProcess: Sendable, Encodable {
        /// The worker name it claims with.
        public var id: String
        /// Slots it runs.
        public var concurrency: Int
        /// Slots operations asked for, if they did.
        public var requestedConcurrency: Int?
        /// Its first heartbeat.
        public var startedAt: Date
        /// Its latest heartbeat.
        public var lastHeartbeatAt: Date
        /// Jobs it holds now.
        public var runningJobs: [Int64]
    }

    /// A job a worker holds.
    public struct RunningJob: Sendable, Encodable {
        /// The job's id.
        public var id: Int64
        /// What the job does.
        public var kind: String
        /// The lane it came from.
        public var lane: Lane
        /// The worker name that holds it.
        public var worker: String
        /// This run's number, from 1.
        public var attempt: Int
        /// The last heartbeat pushed the lease to this instant.
        public var leaseExpiresAt: Date
    }

    /// A job that needs attention.
    public struct DeadJob: Sendable, Encodable {
        /// The job's id.
        public var id: Int64
        /// What the job does.
        public var kind: String
        /// The lane it came from.
        public var lane: Lane
        /// The runs it used.
        public var attempts: Int
        /// The code of its last error, if one was recorded.
        public var errorCode: String?
        /// The message of its last error, if one was recorded.
        public var errorMessage: String?
        /// When it died.
        public var diedAt: Date?
    }

    /// When the snapshot was taken.
    public var takenAt: Date
    /// Every lane, priority first.
    public var lanes: [LaneView]
    /// Worker processes heard from in the last two minutes.
    public var workers: [WorkerProcess]
    /// Jobs running now, by id.
    public var running: [RunningJob]
    /// The newest dead jobs, newest first.
    public var dead: [DeadJob]
}

extension QueueSnapshot {
    /// The windows throughput is counted over, in seconds: one, five and fifteen minutes.
    static let throughputWindows: [TimeInterval] = [60, 300, 900]

    /// A worker process that was heard from within this long is alive.
    static let workerGone: TimeInterval = 120

    /// What every driver reads for a snapshot, before it is put together one way.
    struct Facts {
        var depth: [Lane: [JobState: Int]]
        var paused: Set<Lane>
        /// When the oldest due waiting job of each lane became due.
        var oldestDue: [Lane: Date]
        /// Jobs that succeeded within each of `throughputWindows`, by lane.
        var succeeded: [[Lane: Int]]
        /// Live worker processes, by id, without their running jobs.
        var workers: [WorkerProcess]
        var running: [RunningJob]
        var dead: [DeadJob]
    }

    /// The snapshot of `facts` taken at `now`.
    init(takenAt now: Date, facts: Facts) {
        self.init(
            takenAt: now,
            lanes: Lane.allCases.map { lane in
                let counts = facts.succeeded.map { $0[lane] ?? 0 }
                return LaneView(
                    lane: lane,
                    states: Dictionary(uniqueKeysWithValues: (facts.depth[lane] ?? [:]).map { ($0.key.rawValue, $0.value) }),
                    oldestWaitingSeconds: facts.oldestDue[lane].map { max(now.timeIntervalSince($0), 0) },
                    paused: facts.paused.contains(lane),
                    throughput: Throughput(
                        lastMinute: counts[0],
                        last5Minutes: counts[1],
                        last15Minutes: counts[2],
                        perSecond: Double(counts[1]) / Self.throughputWindows[1]
                    )
                )
            },
            workers: facts.workers.map { worker in
                var worker = worker
                worker.runningJobs = facts.running.filter { $0.worker == worker.id }.map(\.id)
                return worker
            },
            running: facts.running,
            dead: facts.dead
        )
    }
}
