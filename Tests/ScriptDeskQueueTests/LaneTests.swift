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

@Suite struct LaneTests {
    static let start = QueueHarness.start

    @Test(arguments: QueueKind.allCases) func aStandardJobPastTheAgeingLimitGoesFirst(kind: QueueKind) async throws {
        try await QueueHarness.with(kind, standardAgeing: .seconds(60)) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "old"))
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "p1"), at: Self.start + 30)
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "p2"), at: Self.start + 30)
            // At 59 s the standard job is not yet aged: priority goes first.
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 59)?.payload == "p1")
            // At 60 s it has waited the limit and overtakes the remaining priority job.
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 60)?.payload == "old")
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 60)?.payload == "p2")
        }
    }

    @Test(arguments: QueueKind.allCases) func claimOrdersKeepToTheirLanes(kind: QueueKind) async throws {
        try await QueueHarness.with(kind, standardAgeing: .seconds(600)) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "s"))
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start, order: .priorityOnly) == nil)
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "p"))
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start, order: .standardFirst)?.payload == "s")
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start, order: .standardFirst)?.payload == "p")
        }
    }

    @Test(arguments: QueueKind.allCases) func aPausedLaneIsNotClaimedUntilResumed(kind: QueueKind) async throws {
        try await QueueHarness.with(kind, standardAgeing: .seconds(600)) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "p"))
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "s"))
            try await queue.setPaused(.priority, true, now: Self.start)
            #expect(try await queue.snapshot(now: Self.start, deadLimit: 0).lanes.first { $0.lane == .priority }?.paused == true)
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start)?.payload == "s")
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start, order: .priorityOnly) == nil)
            try await queue.setPaused(.priority, false, now: Self.start)
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start)?.payload == "p")
        }
    }

    @Test(arguments: QueueKind.allCases) func theSnapshotShowsDepthAgeRunningAndDeadJobs(kind: QueueKind) async throws {
        try await QueueHarness.with(kind, standardAgeing: .seconds(600)) { harness in
            let queue = harness.queue
            for payload in ["a", "b", "c"] {
                _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: payload))
            }
            let running = try #require(try await queue.claim(workerID: "host:1#0", lease: .seconds(30), now: Self.start + 5))
            let doomed = try #require(try await queue.claim(workerID: "host:1#1", lease: .seconds(30), now: Self.start + 5))
            let failure = JobFailure(code: "archive.mismatch", message: "page 2 differs", isTransient: false)
            #expect(try await queue.fail(doomed, failure: failure, retryAt: nil, now: Self.start + 6, onDeath: nil))
            let snapshot = try await queue.snapshot(now: Self.start + 40, deadLimit: 10)
            let standard = try #require(snapshot.lanes.first { $0.lane == .standard })
            #expect(standard.states == ["waiting": 1, "running": 1, "dead": 1])
            #expect(standard.oldestWaitingSeconds == 40)
            #expect(snapshot.lanes.first { $0.lane == .priority }?.oldestWaitingSeconds == nil)
            #expect(snapshot.running.map(\.id) == [running.id])
            #expect(snapshot.running.first?.worker == "host:1#0")
            #expect(snapshot.dead.map(\.errorCode) == ["archive.mismatch"])
        }
    }

    @Test func theStandardLaneGetsItsShareUnderAPriorityFlood() async throws {
        try await QueueHarness.with(.memory) { harness in
            let queue = harness.queue
            for index in 0..<60 {
                _ = try await harness.enqueue(NewJob(kind: "test", lane: .priority, payload: "priority \(index)"))
                _ = try await harness.enqueue(NewJob(kind: "test", lane: .standard, payload: "standard \(index)"))
            }
            let handler = RecordingHandler()
            let workers = JobWorkers(
                queue: queue,
                handlers: ["test": handler],
                configuration: .init(concurrency: 2, pollInterval: .milliseconds(50), reservedPrioritySlots: 1, standardShare: 0.2),
                logger: QueueHarness.logger
            )
            let outcomes = try await workers.whileRunning { try await handler.collect(count: 60, within: .seconds(60)) }
            // Without a share the free slot would take priority work until none was left.
            let standard = outcomes.filter { $0.hasPrefix("ran standard") }.count
            #expect(standard >= 9, "only \(standard) of the first 60 were standard")
            #expect(outcomes.count == 60)
        }
    }
}
