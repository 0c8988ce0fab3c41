import Foundation
import Logging
import ServiceLifecycle

/// Worker slots that claim and run jobs, as one long-running service.
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
        /// every other slot is busy with standard work.
        public var reservedPrioritySlots: Int
        /// The share of the other slots' claims that look at the standard lane first, so
        /// standard work moves even under a steady stream of priority work.
        public var standardShare: Double

        public init(
            concurrency: Int = 2,
            lease: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1),
            shutdownGrace: Duration = .seconds(20),
            retry: RetryPolicy = RetryPolicy(),
            workerName: String = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier),
            reservedPrioritySlots: Int? = nil,
            standardShare: Double = 0.2
        ) {
            self.concurrency = max(concurrency, 1)
            self.lease = lease
            self.pollInterval = pollInterval
            self.shutdownGrace = shutdownGrace
            self.retry = retry
            self.workerName = workerName
            // One slot in reserve by default, as long as another slot remains for standard work.
            self.reservedPrioritySlots = min(max(reservedPrioritySlots ?? (concurrency > 1 ? 1 : 0), 0), max(concurrency - 1, 0))
            self.standardShare = min(max(standardShare, 0), 1)
        }

    }

    let queue: any JobQueue
    let handlers: [String: any JobHandler]
    let configuration: Configuration
    let logger: Logger
    private let share = LaneShare()

    /// Workers for `queue`, running each job with the handler registered for its kind.
    public init(queue: any JobQueue, handlers: [String: any JobHandler], configuration: Configuration, logger: Logger) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        logger.info("Workers started", metadata: ["scriptdesk.workers": "\(configuration.concurrency)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for slot in 0..<configuration.concurrency {
                    group.addTask { await runSlot(slot) }
                }
                group.addTask { await rescueLapsedLeases() }
            }
        } onGracefulShutdown: {
            queue.doorbell.ring()
        }
        logger.info("Workers stopped")
    }

    private var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private func runSlot(_ slot: Int) async {
        let workerID = "\(configuration.workerName)#\(slot)"
        while !stopping {
            let seen = queue.doorbell.generation
            do {
                let order = slot < configuration.reservedPrioritySlots ? .priorityOnly : share.nextOrder(share: configuration.standardShare)
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

    private func rescueLapsedLeases() async {
        while !stopping {
            _ = try? await queue.rescueExpiredLeases(now: Date(), onDeath: handlers.deathRecorder)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.lease / 3) }
        }
    }
}
