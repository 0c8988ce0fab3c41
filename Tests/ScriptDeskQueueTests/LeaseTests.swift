import Foundation
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskQueue

/// Whether `stream` yields something within 30 seconds.
func yields(_ stream: AsyncStream<String>) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await _ in stream { return true }
            return false
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(30))
            return false
        }
        let seen = await group.next() ?? false
        group.cancelAll()
        return seen
    }
}

/// The workers keep the lease of every running job, and stop a job whose lease another
/// worker took.
@Suite struct LeaseTests {
    /// A renewal moves the lease of a running job on from the time it is made; once another
    /// worker holds the job, the next renewal stops the handler, as having lost its lease.
    @Test(arguments: QueueKind.allCases) func aRenewalKeepsTheLeaseUntilAnotherWorkerHoldsTheJob(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let clock = TestClock(QueueHarness.start)
            _ = try await harness.enqueue(NewJob(kind: "held", lane: .standard, payload: ""), at: clock.now)
            let workers = JobWorkers(
                queue: queue,
                handlers: [:],
                configuration: .init(concurrency: 1, lease: .seconds(30), clock: clock.wallClock),
                logger: QueueHarness.logger
            )
            let job = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: clock.now))
            let run = Task { try await Task.sleep(for: .seconds(3600)) }
            defer { run.cancel() }
            workers.running.add(job, run: run)

            clock.advance(by: 20)
            await workers.renewLeases(olderThan: .zero)
            // Taken until start + 30, renewed at start + 20 until start + 50.
            #expect(try await queue.rescueExpiredLeases(now: QueueHarness.start + 45, onDeath: nil) == 0)
            #expect(!run.isCancelled)

            clock.advance(by: 40)
            #expect(try await queue.rescueExpiredLeases(now: clock.now, onDeath: nil) == 1)
            let taken = try #require(try await queue.claim(workerID: "other", lease: .seconds(30), now: clock.now))
            #expect(taken.attempt == 2)
            await workers.renewLeases(olderThan: .zero)
            #expect(run.isCancelled)
            #expect(workers.running.remove(job) == .leaseLost)
        }
    }

    /// Once the shutdown grace has ended, every running job is stopped, and so is one a
    /// last claim starts afterwards, as it starts.
    @Test func theEndOfTheGraceStopsRunningJobsAndAnyStartedAfter() async throws {
        try await QueueHarness.with(.memory) { harness in
            _ = try await harness.enqueue([NewJob(kind: "held", lane: .standard, payload: ""), NewJob(kind: "held", lane: .standard, payload: "")])
            let running = RunningJobs()
            let first = try #require(try await harness.queue.claim(workerID: "w", lease: .seconds(30), now: QueueHarness.start))
            let second = try #require(try await harness.queue.claim(workerID: "w", lease: .seconds(30), now: QueueHarness.start))
            let before = Task { try await Task.sleep(for: .seconds(3600)) }
            let after = Task { try await Task.sleep(for: .seconds(3600)) }
            defer {
                before.cancel()
                after.cancel()
            }
            running.add(first, run: before)
            running.stopAll(because: .shutdownGraceOver)
            #expect(before.isCancelled)
            running.add(second, run: after)
            #expect(after.isCancelled)
            #expect(running.remove(first) == .shutdownGraceOver)
            #expect(running.remove(second) == .shutdownGraceOver)
        }
    }

    /// While the workers run, a job whose lease another worker took is stopped: its handler
    /// is cancelled, and the job stays with the worker that holds it.
    @Test(arguments: QueueKind.allCases) func aRunningJobWhoseLeaseIsLostIsStopped(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "held", lane: .standard, payload: "120000"), at: Date())
            let handler = SlowHandler()
            let workers = JobWorkers(
                queue: harness.queue,
                handlers: ["held": handler],
                configuration: .init(concurrency: 1, lease: .seconds(3), shutdownGrace: .seconds(5), reservedPrioritySlots: 0),
                logger: QueueHarness.logger
            )
            try await workers.whileRunning {
                #expect(await yields(handler.started))
                // As if this worker had stalled past its lease: it lapses (if the workers' own
                // maintenance has not found it so already) and another worker takes the job.
                _ = try await queue.rescueExpiredLeases(now: Date() + 3600, onDeath: nil)
                let taken = try #require(try await queue.claim(workerID: "other", lease: .seconds(3600), now: Date()))
                #expect(taken.attempt == 2)
                #expect(await yields(handler.stopped))
            }
            #expect(try await queue.depth()[.standard] == [.running: 1])
        }
    }
}
