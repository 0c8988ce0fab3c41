public import Foundation
public import Logging
public import ScriptDeskCore
import ScriptDeskStore
public import ServiceLifecycle

/// Worker slots that claim and run jobs, as one long-running service.
///
/// Beside the slots, a maintenance loop rescues jobs whose leases lapsed, enqueues periodic
/// jobs (once per period across every process), and records this process's heartbeat,
/// through which operations can change its slot count while it runs.
///
/// On graceful shutdown the slots stop claiming, running jobs get `shutdownGrace` to
/// finish, and any job still running then is handed back at once rather than left for its
/// lease to lapse.
public struct JobWorkers: Service, CustomStringConvertible {
    /// How the workers behave.
    public struct Configuration: Sendable {
        /// Jobs run at once.
        public var concurrency: Int
        /// How long a claim holds before another worker may take the job.
        public var lease: Duration
        /// How often an idle worker looks for work without being woken.
        public var pollInterval: Duration
        /// How long running jobs may take to finish after shutdown begins.
        public var shutdownGrace: Duration
        /// Backoff for transient failures.
        public var retry: RetryPolicy
        /// A name for this process's workers, shown with each claim.
        public var workerName: String
        /// Slots that take priority work only, so a priority job starts at once even while
        /// every other slot is busy with standard work; always leaves one slot for standard work.
        public var reservedPrioritySlots: Int
        /// The share of the other slots' claims that look at the standard lane first, so
        /// standard work moves even under a steady stream of priority work.
        public var standardShare: Double
        /// Jobs enqueued once per period.
        public var periodic: [PeriodicJob]
        /// Where the workers read the time.
        public var clock: WallClock

        /// Settings with defaults for one process: two slots, a 30-second lease, a one-second
        /// poll, 20 seconds' grace, one slot reserved for priority work, a fifth of claims
        /// standard first, and the host and process id as the worker name. `concurrency` is at
        /// least one and `standardShare` is held in 0...1.
        public init(
            concurrency: Int = 2,
            lease: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1),
            shutdownGrace: Duration = .seconds(20),
            retry: RetryPolicy = RetryPolicy(),
            workerName: String = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier),
            reservedPrioritySlots: Int? = nil,
            standardShare: Double = 0.2,
            periodic: [PeriodicJob] = [],
            clock: WallClock = .system
        ) {
            self.concurrency = max(concurrency, 1)
            self.lease = lease
            self.pollInterval = pollInterval
            self.shutdownGrace = shutdownGrace
            self.retry = retry
            self.workerName = workerName
            self.reservedPrioritySlots = max(reservedPrioritySlots ?? 1, 0)
            self.standardShare = min(max(standardShare, 0), 1)
            self.periodic = periodic
            self.clock = clock
        }

        /// Reserved slots when `slots` run: one slot in reserve by default, as long as
        /// another remains for standard work.
        func reserved(whenRunning slots: Int) -> Int {
            min(reservedPrioritySlots, max(slots - 1, 0))
        }

    }

    let queue: any JobQueue
    let handlers: [String: any JobHandler]
    let configuration: Configuration
    let logger: Logger
    private let share = LaneShare()
    private let slots: WorkerSlots
    /// Finished jobs, recorded as a group: an idle queue commits each at once, a busy one
    /// hundreds per transaction. A slot is free as soon as its job returns; if the process
    /// dies before the commit, the job's lease lapses and it runs again, as for any crash.
    let completions: GroupCommit<ClaimedJob>
    /// The jobs running now, with their handlers' tasks.
    let running = RunningJobs()

    /// Workers for `queue`, running each job with the handler registered for its kind.
    public init(queue: any JobQueue, handlers: [String: any JobHandler], configuration: Configuration, logger: Logger) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
        self.slots = WorkerSlots(target: configuration.concurrency)
        self.completions = GroupCommit { [configuration] jobs in
            do {
                let done = try await queue.complete(jobs, now: configuration.clock.now)
                for job in jobs where !done.contains(job.id) {
                    logger.warning("Job finished but its lease had passed to another worker", metadata: ["scriptdesk.job.id": "\(job.id)"])
                }
            } catch {
                // Nothing was written; the leases lapse and the jobs run again.
                logger.error("Could not record finished jobs", metadata: ["scriptdesk.jobs": "\(jobs.count)", "scriptdesk.error": "\(error)"])
            }
        }
    }

    /// How logs name the service: its slots and its worker name.
    public var description: String { "\(configuration.concurrency) worker slots (\(configuration.workerName))" }

    /// Runs the slots and the maintenance loop until graceful shutdown; then gives running jobs
    /// the grace to finish, hands back those still running, records the finished ones, and
    /// tells the queue this process stopped.
    public func run() async throws {
        logger.info("Workers started", metadata: ["scriptdesk.workers": "\(configuration.concurrency)"])
        // On the monitor (and open to a slot-count change) before the first claim.
        await heartbeat()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { services in
                services.addTask { await maintain() }
                services.addTask { await forwardDoorbell() }
                services.addTask { await cancelWhenGracefulShutdown { await queue.listenForWork() } }
                // Returns once every claimed job has ended; the lease keeper and the grace
                // timer serve the running jobs until then.
                await withDiscardingTaskGroup { keepers in
                    keepers.addTask { await keepLeases() }
                    keepers.addTask { await endGraceAfterShutdown() }
                    await withDiscardingTaskGroup { jobs in await dispatch(into: &jobs) }
                    keepers.cancelAll()
                }
                await completions.flush()
            }
        } onGracefulShutdown: {
            queue.doorbell.ring()
            slots.wake.ring()
        }
        try? await queue.workerStopped(configuration.workerName)
        logger.info("Workers stopped")
    }

    private var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// Claims as many jobs as there are free slots, in one transaction, and starts each;
    /// waits when no slot is free or no job is due.
    private func dispatch(into jobs: inout DiscardingTaskGroup) async {
        while !stopping {
            let seen = slots.wake.generation
            if slots.busy {
                // Most slots are taken: let a few more free up, so that one transaction claims
                // for several of them rather than one each.
                try? await Task.sleep(for: .milliseconds(1))
            }
            if let plan = nextPlan() {
                do {
                    let claimed = try await queue.claim(
                        plan,
                        workerID: configuration.workerName,
                        lease: configuration.lease,
                        now: configuration.clock.now
                    )
                    for job in claimed {
                        share.record(job.lane)
                        slots.started(job.lane)
                        jobs.addTask {
                            await execute(job)
                            slots.finished(job.lane)
                        }
                    }
                    if claimed.count == plan.limit { continue }
                } catch {
                    logger.error("Claiming jobs failed", metadata: ["scriptdesk.error": "\(error)"])
                }
            }
            guard !stopping else { break }
            await slots.wake.wait(since: seen, timeout: configuration.pollInterval)
        }
    }

    /// What to claim with the free slots: priority first, the standard lane's share, and no
    /// standard job in the slots reserved for priority work.
    private func nextPlan() -> ClaimPlan? {
        let (target, running, standard) = slots.counts
        let free = target - running
        guard free > 0 else { return nil }
        let standardRoom = max(target - configuration.reserved(whenRunning: target) - standard, 0)
        return ClaimPlan(
            limit: free,
            standardLimit: standardRoom,
            standardFirst: share.standardFirst(limit: min(free, standardRoom), share: configuration.standardShare)
        )
    }

    /// Passes the queue's doorbell (work enqueued in this process) and the poll interval
    /// (work enqueued elsewhere) on to the dispatcher.
    private func forwardDoorbell() async {
        while !stopping {
            let seen = queue.doorbell.generation
            slots.wake.ring()
            await queue.doorbell.wait(since: seen, timeout: configuration.pollInterval)
        }
        slots.wake.ring()
    }
    /// Every third of a lease: rescue lapsed leases, enqueue periodic jobs that are due, and
    /// record this process's heartbeat, taking up any slot count operations asked for.
    private func maintain() async {
        while !stopping {
            let now = configuration.clock.now
            do {
                _ = try await queue.rescueExpiredLeases(now: now, onDeath: handlers.deathRecorder)
                _ = try await queue.schedule(configuration.periodic, now: now)
            } catch {
                logger.error("Queue maintenance failed; trying again shortly", metadata: ["scriptdesk.error": "\(error)"])
            }
            await heartbeat()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.lease / 3) }
        }
    }

    /// Records this process's heartbeat and takes up any slot count operations asked for.
    private func heartbeat() async {
        do {
            if let asked = try await queue.workerHeartbeat(configuration.workerName, concurrency: slots.target, now: configuration.clock.now),
                slots.setTarget(asked)
            {
                logger.notice("Worker slots changed by operations", metadata: ["scriptdesk.workers": "\(asked)"])
            }
        } catch {
            logger.error("Recording the workers' heartbeat failed; trying again shortly", metadata: ["scriptdesk.error": "\(error)"])
        }
    }
}
