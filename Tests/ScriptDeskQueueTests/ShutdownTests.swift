import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import ServiceLifecycle
import Testing

@testable import ScriptDeskQueue

/// A job that takes as long as its payload says (in milliseconds) and reports, by its
/// payload, when it starts and when it is stopped before its time.
final class SlowHandler: JobHandler {
    let started: AsyncStream<String>
    let stopped: AsyncStream<String>
    private let starting: AsyncStream<String>.Continuation
    private let stopping: AsyncStream<String>.Continuation

    init() {
        (started, starting) = AsyncStream.makeStream()
        (stopped, stopping) = AsyncStream.makeStream()
    }

    func run(_ job: ClaimedJob) async throws {
        starting.yield(job.payload)
        do {
            try await Task.sleep(for: .milliseconds(Int(job.payload) ?? 0))
        } catch {
            stopping.yield(job.payload)
            throw error
        }
    }

    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}

@Suite struct ShutdownTests {
    @Test(arguments: QueueKind.allCases) func shutdownLetsShortJobsFinishAndHandsLongOnesBackAtOnce(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            for payload in ["200", "120000"] {
                _ = try await harness.enqueue(NewJob(kind: "slow", lane: .standard, payload: payload), at: Date())
            }
            let handler = SlowHandler()
            let workers = JobWorkers(
                queue: queue,
                handlers: ["slow": handler],
                configuration: .init(concurrency: 2, lease: .seconds(60), shutdownGrace: .seconds(2), reservedPrioritySlots: 0),
                logger: QueueHarness.logger
            )
            try await workers.whileRunning {
                var started: Set<String> = []
                for await payload in handler.started {
                    started.insert(payload)
                    if started.count == 2 { break }
                }
            }
            let depth = try await queue.depth()[.standard] ?? [:]
            // The 200 ms job finished inside the grace period; the two-minute one was handed
            // back when the grace period ended, not left for its 60 s lease to lapse.
            #expect(depth[.succeeded] == 1)
            #expect(depth[.waiting] == 1)
            #expect(depth[.running] == nil)
            let again = try #require(try await queue.claim(workerID: "next", lease: .seconds(60), now: Date()))
            #expect(again.payload == "120000")
            #expect(again.attempt == 1)
        }
    }
}
