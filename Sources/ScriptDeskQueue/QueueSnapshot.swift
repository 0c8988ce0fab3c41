public import Foundation

/// The queue as operations see it on the monitor: depth by lane and state, how long the
/// oldest job has waited, what is running where, and what needs attention.
public struct QueueSnapshot: Sendable, Encodable {
    /// One lane.
    public struct LaneView: Sendable, Encodable {
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
        public var lastMinute: Int
        public var last5Minutes: Int
        public var last15Minutes: Int
        /// Over the last five minutes.
        public var perSecond: Double
    }

    /// A worker process, from its heartbeats.
    public struct WorkerProcess: Sendable, Encodable {
        public var id: String
        /// Slots it runs.
        public var concurrency: Int
        /// Slots operations asked for, if they did.
        public var requestedConcurrency: Int?
        public var startedAt: Date
        public var lastHeartbeatAt: Date
        /// Jobs it holds now.
        public var runningJobs: [Int64]
    }

    /// A job a worker holds.
    public struct RunningJob: Sendable, Encodable {
        public var id: Int64
        public var kind: String
        public var lane: Lane
        public var worker: String
        public var attempt: Int
        /// The last heartbeat pushed the lease to this instant.
        public var leaseExpiresAt: Date
    }

    /// A job that needs attention.
    public struct DeadJob: Sendable, Encodable {
        public var id: Int64
        public var kind: String
        public var lane: Lane
        public var attempts: Int
        public var errorCode: String?
        public var errorMessage: String?
        public var diedAt: Date?
    }

    public var takenAt: Date
    public var lanes: [LaneView]
    /// Worker processes heard from in the last two minutes.
    public var workers: [WorkerProcess]
    public var running: [RunningJob]
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
