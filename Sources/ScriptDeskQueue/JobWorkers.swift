import Foundation
import Logging
import ServiceLifecycle

/// Worker slots that claim and run jobs, as one long-running service.
///
/// Beside the slots, a maintenance loop rescues jobs whose leases lapsed, enqueues periodic
/// jobs (once per period across every process), and records this process's heartbeat,
/// through which operations can change its slot count while it runs.
///
/// On graceful shutdown the slots stop claiming, running jobs get `shutdownGrace` to
/// finish, and any job still running then is handed back at once rather than left for its
/// lease to lapse.
public struct JobWorkers: Service {
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

        public init(
            concurrency: Int = 2,
            lease: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1),
            shutdownGrace: Duration = .seconds(20),
            retry: RetryPolicy = RetryPolicy(),
            workerName: String = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier),
            reservedPrioritySlots: Int? = nil,
            standardShare: Double = 0.2,
            periodic: [PeriodicJob] = []
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

    /// Workers for `queue`, running each job with the handler registered for its kind.
    public init(queue: any JobQueue, handlers: [String: any JobHandler], configuration: Configuration, logger: Logger) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
        self.slots = WorkerSlots(target: configuration.concurrency)
    }

    public func run() async throws {
        logger.info("Workers started", metadata: ["scriptdesk.workers": "\(configuration.concurrency)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await maintain() }
                while !stopping {
                    let seen = slots.changed.generation
                    for slot in slots.startMissing() {
                        group.addTask { await runSlot(slot) }
                    }
                    await slots.changed.wait(since: seen, timeout: .seconds(3600))
                }
            }
        } onGracefulShutdown: {
            queue.doorbell.ring()
            slots.changed.ring()
        }
        try? await queue.workerStopped(configuration.workerName)
        logger.info("Workers stopped")
    }

    private var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private func runSlot(_ slot: Int) async {
        defer { slots.stopped(slot) }
        let workerID = "\(configuration.workerName)#\(slot)"
        while !stopping && slots.keeps(slot) {
            let seen = queue.doorbell.generation
            do {
                let reserved = slot < configuration.reserved(whenRunning: slots.target)
                let order = reserved ? .priorityOnly : share.nextOrder(share: configuration.standardShare)
                if let job = try await queue.claim(workerID: workerID, lease: configuration.lease, now: Date(), order: order) {
                    share.record(job.lane)
                    await execute(job)
                    continue
                }
            } catch {
                logger.error("Claiming a job failed", metadata: ["scriptdesk.error": "\(error)"])
            }
            guard !stopping else { break }
            await queue.doorbell.wait(since: seen, timeout: configuration.pollInterval)
        }
    }

    /// Every third of a lease: rescue lapsed leases, enqueue periodic jobs that are due, and
    /// record this process's heartbeat, taking up any slot count operations asked for.
    private func maintain() async {
        while !stopping {
            let now = Date()
            do {
                _ = try await queue.rescueExpiredLeases(now: now, onDeath: handlers.deathRecorder)
                _ = try await queue.schedule(configuration.periodic, now: now)
                if let asked = try await queue.workerHeartbeat(configuration.workerName, concurrency: slots.target, now: now),
                    slots.setTarget(asked)
                {
                    logger.notice("Worker slots changed by operations", metadata: ["scriptdesk.workers": "\(asked)"])
                    queue.doorbell.ring()
                }
            } catch {
                logger.error("Queue maintenance failed; trying again shortly", metadata: ["scriptdesk.error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.lease / 3) }
        }
    }
}
