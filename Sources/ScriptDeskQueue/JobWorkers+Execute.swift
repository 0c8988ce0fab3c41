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

    /// Runs one job, its lease kept by `keepLeases`, then records the outcome.
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
        // The handler runs in a task of its own, which the lease keeper or the end of the
        // shutdown grace cancels (`RunningJobs`).
        let run = Task { try await handler.run(job) }
        running.add(job, run: run)
        let result = await withTaskCancellationHandler {
            await run.result
        } onCancel: {
            run.cancel()
        }
        let outcome: Outcome =
            switch (running.remove(job), result) {
            case (.leaseLost?, _): .leaseLost
            case (.shutdownGraceOver?, _): .shutdownGraceOver
            case (nil, .success): .finished(.success(()))
            // Stopped from outside (the workers cancelled), not a failure of the job.
            case (nil, .failure(is CancellationError)): .interrupted
            case (nil, .failure(let error)): .finished(.failure(JobFailureBox(failure: JobFailure(error))))
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

    /// Renews the leases of the running jobs, each once a third of a lease has passed since it
    /// was taken or last renewed (looking every sixth of a lease), until cancelled.
    func keepLeases() async {
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: configuration.lease / 6)) != nil else { return }
            await renewLeases(olderThan: configuration.lease / 3)
        }
    }

    /// Renews the lease of each running job last renewed at least `age` ago, and stops a job
    /// whose lease another worker now holds.
    func renewLeases(olderThan age: Duration) async {
        for job in running.renewable(olderThan: age) {
            let asked = ContinuousClock.now
            switch try? await queue.heartbeat(job, lease: configuration.lease, now: configuration.clock.now) {
            case true?: running.renewed(job, at: asked)
            case false?: running.stop(job, because: .leaseLost)
            // Nothing was written: tried again at the next look, well within the lease.
            case nil: break
            }
        }
    }

    /// Once graceful shutdown begins, gives the running jobs the grace, then stops every job
    /// still running and any a last claim starts after.
    func endGraceAfterShutdown() async {
        guard (try? await gracefulShutdown()) != nil, (try? await Task.sleep(for: configuration.shutdownGrace)) != nil else { return }
        running.stopAll(because: .shutdownGraceOver)
    }
}
