import Foundation
import Logging
import Metrics
import ScriptDeskCore
import ScriptDeskStore
import ServiceLifecycle

extension JobWorkers {
    /// How a run ended, as seen from the worker slot.
    private enum Outcome: Sendable {
        case finished(Result<Void, JobFailureBox>)
        case leaseLost
        case shutdownGraceOver
        case interrupted
    }

    /// Wraps a failure so the outcome can cross tasks.
    private struct JobFailureBox: Error {
        var failure: JobFailure
    }

    /// Runs one job with a heartbeat beside it, then records the outcome.
    func execute(_ job: ClaimedJob) async {
        var metadata: Logger.Metadata = ["scriptdesk.job.id": "\(job.id)", "scriptdesk.job.kind": "\(job.kind)"]
        metadata["scriptdesk.job.attempt"] = "\(job.attempt)"
        guard let handler = handlers[job.kind] else {
            let failure = JobFailure(code: "job.unknown_kind", message: "No handler runs jobs of kind '\(job.kind)'.", isTransient: false)
            _ = try? await queue.fail(job, failure: failure, retryAt: nil, now: configuration.clock.now, onDeath: nil)
            logger.error("Job of unknown kind is dead", metadata: metadata)
            return
        }
        let started = ContinuousClock.now
        let lane = [("lane", job.lane.rawValue)]
        Timer(label: "scriptdesk_queue_wait_seconds", dimensions: lane, preferredDisplayUnit: .seconds)
            .record(duration: .seconds(max(configuration.clock.now.timeIntervalSince(job.dueAt), 0)))
        let outcome = await withTaskGroup(of: Outcome?.self) { group -> Outcome in
            group.addTask {
                do {
                    try await handler.run(job)
                    return .finished(.success(()))
                } catch is CancellationError {
                    // Stopped from outside (lease lost or shutdown), not a failure of the job.
                    return .interrupted
                } catch {
                    return .finished(.failure(JobFailureBox(failure: JobFailure(error))))
                }
            }
            group.addTask { await keepLeaseAlive(job) ? nil : .leaseLost }
            group.addTask {
                // Waits for shutdown to begin, then allows the grace period.
                try? await gracefulShutdown()
                try? await Task.sleep(for: configuration.shutdownGrace)
                return Task.isCancelled ? nil : .shutdownGraceOver
            }
            var result: Outcome = .leaseLost
            for await next in group {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
        Timer(label: "scriptdesk_queue_run_seconds", dimensions: lane, preferredDisplayUnit: .seconds)
            .record(duration: ContinuousClock.now - started)
        await record(outcome, of: job, metadata: metadata)
    }

    private func record(_ outcome: Outcome, of job: ClaimedJob, metadata: Logger.Metadata) async {
        let now = configuration.clock.now
        switch outcome {
        case .finished(.success):
            completions.submitWithoutWaiting(job)
        case .finished(.failure(let box)):
            let failure = box.failure
            let retryAt = configuration.retry.retryTime(
                after: failure,
                attempt: job.attempt,
                maxAttempts: job.maxAttempts,
                now: now,
                jitter: Double.random(in: 0...1)
            )
            var details = metadata
            details["scriptdesk.error.code"] = "\(failure.code)"
            let recorded: Bool
            do {
                recorded = try await queue.fail(job, failure: failure, retryAt: retryAt, now: now, onDeath: handlers.deathRecorder)
            } catch {
                // Nothing was written; the lease lapses and the job is rescued and tried again.
                logger.error("Could not record a failed job", metadata: details.merging(["scriptdesk.error": "\(error)"]) { $1 })
                return
            }
            guard recorded else {
                logger.warning("Job failed but its lease had passed to another worker", metadata: details)
                return
            }
            if retryAt == nil {
                logger.error("Job is dead: \(failure.message)", metadata: details)
            } else {
                logger.warning("Job failed; it will be retried: \(failure.message)", metadata: details)
            }
        case .leaseLost:
            logger.warning("Lost the lease of a running job; stopped it", metadata: metadata)
        case .shutdownGraceOver, .interrupted:
            try? await queue.release(job, now: now)
            logger.info("Handed back a running job that was stopped", metadata: metadata)
        }
    }

    /// Renews the lease every third of its length; returns `false` once it is lost.
    private func keepLeaseAlive(_ job: ClaimedJob) async -> Bool {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.lease / 3)
            } catch {
                return true
            }
            if (try? await queue.heartbeat(job, lease: configuration.lease, now: configuration.clock.now)) == false {
                return false
            }
        }
        return true
    }
}
