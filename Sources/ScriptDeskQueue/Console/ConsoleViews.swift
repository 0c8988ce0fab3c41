public import Foundation

/// What the console's overview reads from the queue in one go: per lane, the jobs by what
/// they wait for and the last hour minute by minute; the worker processes; the running jobs.
public struct ConsoleFacts: Sendable {
    /// One lane.
    public struct LaneFacts: Sendable {
        /// The lane.
        public var lane: Lane
        /// Waiting jobs that are due.
        public var waiting: Int
        /// Waiting jobs not yet due (retry backoff or a run-at time).
        public var scheduled: Int
        /// Jobs a worker holds.
        public var running: Int
        /// Jobs that used every attempt or failed for good.
        public var dead: Int
        /// Jobs that died in the last hour.
        public var deadLastHour: Int
        /// Whether operations paused it.
        public var paused: Bool
        /// When the oldest due waiting job became due.
        public var oldestDueAt: Date?
        /// The last hour, oldest minute first, one entry per minute (empty minutes included).
        public var minutes: [MinuteFigures]
    }

    /// Jobs finished in one minute, with their times.
    public struct MinuteFigures: Sendable, Hashable {
        /// The minute's start.
        public var minute: Date
        /// Time from due to claimed.
        public var queued: TimeHistogram
        /// Time from claimed to finished.
        public var run: TimeHistogram

        /// Jobs that finished in it.
        public var finished: Int { run.total }
    }

    /// When they were read.
    public var readAt: Date
    /// Every lane, priority first.
    public var lanes: [LaneFacts]
    /// Worker processes heard from recently (silent ones included until they are forgotten).
    public var workers: [WorkerView]
    /// Running jobs, oldest claim first, at most `runningLimit`.
    public var running: [JobRow]
    /// Every running job, beyond those listed.
    public var runningCount: Int
}

/// A worker process as the console shows it.
public struct WorkerView: Sendable, Hashable {
    /// The name it claims with.
    public var id: String
    /// The host it runs on, when it reported one.
    public var host: String?
    /// Its process id, when reported.
    public var processID: Int?
    /// The release it runs, when reported.
    public var version: String?
    /// Slots it runs.
    public var slots: Int
    /// Slots operations asked for, if they did.
    public var requestedSlots: Int?
    /// Slots busy with a job now.
    public var busy: Int
    /// Its first heartbeat.
    public var startedAt: Date
    /// Its latest heartbeat.
    public var lastHeartbeatAt: Date
}

/// A job as the console lists it.
public struct JobRow: Sendable, Hashable {
    /// The job's id.
    public var id: Int64
    /// What the job does.
    public var kind: String
    /// Its lane.
    public var lane: Lane
    /// Its state.
    public var state: JobState
    /// Runs used.
    public var attempts: Int
    /// Runs allowed.
    public var maxAttempts: Int
    /// What it is about.
    public var about: JobSubject
    /// When it was enqueued.
    public var enqueuedAt: Date
    /// When it is or was due.
    public var dueAt: Date
    /// When its current or last run started.
    public var startedAt: Date?
    /// When it finished, for finished jobs.
    public var finishedAt: Date?
    /// Its lease's end, while running.
    public var leaseExpiresAt: Date?
    /// The worker holding it, while running.
    public var worker: String?
    /// Its last error's code, if it failed.
    public var lastErrorCode: String?
    /// Its last error's message, if it failed.
    public var lastErrorMessage: String?
}

/// A page of jobs, newest first, with where the next page starts.
public struct JobPage: Sendable {
    /// The jobs.
    public var rows: [JobRow]
    /// The id the next page starts below, when there is one.
    public var nextBefore: Int64?
}

/// One job in full.
public struct JobDetail: Sendable {
    /// One run of the job.
    public struct Attempt: Sendable, Hashable {
        /// Its number, from 1.
        public var number: Int
        /// The worker that ran it, when known.
        public var worker: String?
        /// When it started, when known.
        public var startedAt: Date?
        /// When it ended; `nil` while it runs.
        public var endedAt: Date?
        /// How it ended: `nil` while running or after success, else the error.
        public var error: JobFailure?
        /// Whether it succeeded.
        public var succeeded: Bool
    }

    /// The job as listed.
    public var row: JobRow
    /// The handler's input.
    public var payload: String
    /// Its unique key, if it has one.
    public var uniqueKey: String?
    /// Every run, first first.
    public var attempts: [Attempt]
}
