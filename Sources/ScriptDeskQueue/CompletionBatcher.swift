import Foundation
import Logging
import Synchronization

/// Records finished jobs as a group: while one transaction commits, the jobs that finish
/// gather, and the next transaction completes them all. An idle queue commits each job at
/// once; a busy one commits hundreds per transaction. A worker's slot is free as soon as its
/// job returns; if the process dies before the commit, the job's lease lapses and it runs
/// again, as for any crash.
final class CompletionBatcher: Sendable {
    private struct State {
        var pending: [ClaimedJob] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let bell = Doorbell()
    private let queue: any JobQueue
    private let logger: Logger

    init(queue: any JobQueue, logger: Logger) {
        self.queue = queue
        self.logger = logger
    }

    /// Queues a finished job for the next commit.
    func submit(_ job: ClaimedJob) {
        state.withLock { $0.pending.append(job) }
        bell.ring()
    }

    /// No more jobs will come: `run` commits what is queued and returns.
    func close() {
        state.withLock { $0.closed = true }
        bell.ring()
    }

    /// Commits queued jobs until closed and drained (or cancelled).
    func run() async {
        while true {
            let seen = bell.generation
            let (batch, closed) = state.withLock { state in
                defer { state.pending.removeAll(keepingCapacity: true) }
                return (state.pending, state.closed)
            }
            if !batch.isEmpty {
                await commit(batch)
                continue
            }
            if closed || Task.isCancelled { return }
            await bell.wait(since: seen, timeout: .seconds(60))
        }
    }

    private func commit(_ batch: [ClaimedJob]) async {
        do {
            let done = try await queue.complete(batch, now: Date())
            for job in batch where !done.contains(job.id) {
                logger.warning("Job finished but its lease had passed to another worker", metadata: ["scriptdesk.job.id": "\(job.id)"])
            }
            logger.debug("Jobs succeeded", metadata: ["scriptdesk.jobs": "\(done.count)"])
        } catch {
            // Nothing was written; the leases lapse and the jobs run again.
            logger.error(
                "Could not record finished jobs",
                metadata: ["scriptdesk.jobs": "\(batch.count)", "scriptdesk.error": "\(error)"]
            )
        }
    }
}
