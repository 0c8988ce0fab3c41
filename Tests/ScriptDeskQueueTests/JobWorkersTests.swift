import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import ScriptDeskQueue

/// A handler that succeeds, or fails for good when the payload says "fail", and reports
/// every outcome on a stream the test waits on.
final class RecordingHandler: JobHandler {
    let outcomes: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init() {
        (outcomes, continuation) = AsyncStream.makeStream()
    }

    struct Refused: ClassifiedError {
        var code: String { "test.refused" }
        var message: String { "refused on purpose" }
        var isTransient: Bool { false }
    }

    func run(_ job: ClaimedJob) async throws {
        if job.payload == "fail" { throw Refused() }
        continuation.yield("ran \(job.payload)")
    }

    /// The first `count` outcomes, or those seen so far if `limit` passes first.
    func collect(count: Int, within limit: Duration) async throws -> [String] {
        let outcomes = self.outcomes
        return try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var seen: [String] = []
                // Ends early, with what it saw, when the time limit cancels it.
                for await outcome in outcomes {
                    seen.append(outcome)
                    if seen.count == count { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            while let next = try await group.next() {
                group.cancelAll()
                if let seen = next { return seen }
            }
            return []
        }
    }

    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {
        continuation.yield("died \(job.payload) \(failure.code)")
    }
}

@Suite struct JobWorkersTests {
    @Test(arguments: QueueKind.allCases) func workersRunEveryJobAndReportDeaths(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let handler = RecordingHandler()
            for payload in ["a", "fail", "b", "c"] {
                try await harness.enqueue(NewJob(kind: "test", lane: .standard, payload: payload), at: WallClock.system.now)
            }
            let workers = JobWorkers(
                queue: queue,
                handlers: ["test": handler],
                configuration: .init(concurrency: 2, pollInterval: .milliseconds(100)),
                logger: QueueHarness.logger
            )
            // Bounded: a lost job fails the test after a minute instead of hanging the suite.
            let seen = try await workers.whileRunning { Set(try await handler.collect(count: 4, within: .seconds(60))) }
            #expect(seen == ["ran a", "ran b", "ran c", "died fail test.refused"])
            let depth = try await queue.depth()[.standard] ?? [:]
            #expect(depth[.succeeded] == 3)
            #expect(depth[.dead] == 1)
        }
    }
}
