import Foundation
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Synchronization
import Testing

@testable import ScriptDeskQueue

@Suite struct JobControlTests {
    static let start = QueueHarness.start
    static let permanent = JobFailure(code: "archive.not_found", message: "No such script", isTransient: false)

    /// Enqueues a job under `key`, claims it, and fails it for good.
    static func deadJob(_ harness: QueueHarness, key: String, lane: Lane = .standard) async throws -> Int64 {
        let queue = harness.queue
        let id = try await harness.enqueue(NewJob(kind: "copy", lane: lane, payload: key, uniqueKey: key))
        let job = try #require(
            try await queue.claim(workerID: "w", lease: .seconds(30), now: start, order: lane == .priority ? .priorityOnly : .standardFirst)
        )
        #expect(job.id == id)
        #expect(try await queue.fail(job, failure: permanent, retryAt: nil, now: start, onDeath: nil))
        return id
    }

    @Test(arguments: QueueKind.allCases) func retryGivesADeadJobFreshAttemptsAndTellsItsHandler(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let id = try await Self.deadJob(harness, key: "a")
            let heard = Mutex<[JobControl]>([])
            let outcome = try await queue.control(.retry, JobFilter(ids: [id], states: [.dead]), limit: 10, now: Self.start + 5) { job, action, _ in
                #expect(job.state == .dead)
                heard.withLock { $0.append(action) }
            }
            #expect(outcome.changed == [id])
            #expect(heard.withLock { $0 } == [.retry])
            let again = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 5))
            #expect(again.id == id)
            #expect(again.attempt == 1)
        }
    }

    @Test(arguments: QueueKind.allCases) func aFilterActsOnMatchingJobsOnly(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let deadStandard = try await Self.deadJob(harness, key: "a")
            let deadPriority = try await Self.deadJob(harness, key: "b", lane: .priority)
            let waiting = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "c"))
            let byLane = try await queue.control(.cancel, JobFilter(states: [.dead], lane: .priority), limit: 10, now: Self.start, onControl: nil)
            #expect(byLane.changed == [deadPriority])
            let byCode = try await queue.control(
                .cancel,
                JobFilter(states: [.waiting, .dead], errorCode: "archive.not_found"),
                limit: 10,
                now: Self.start,
                onControl: nil
            )
            #expect(byCode.changed == [deadStandard])
            let depth = try await queue.depth()
            #expect(depth[.priority]?[.cancelled] == 1)
            #expect(depth[.standard]?[.cancelled] == 1)
            #expect(depth[.standard]?[.waiting] == 1)
            let cancelWaiting = try await queue.control(.cancel, JobFilter(states: [.waiting]), limit: 10, now: Self.start, onControl: nil)
            #expect(cancelWaiting.changed == [waiting])
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 60) == nil)
        }
    }

    @Test(arguments: QueueKind.allCases) func runningAndFinishedJobsAreNeverTouched(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let id = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "x"))
            let running = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            let whileRunning = try await queue.control(
                .cancel,
                JobFilter(ids: [id], states: [.waiting, .dead, .running]),
                limit: 10,
                now: Self.start,
                onControl: nil
            )
            #expect(whileRunning.changed.isEmpty)
            #expect(try await queue.complete(running, now: Self.start + 1))
            let afterwards = try await queue.control(
                .retry,
                JobFilter(ids: [id], states: [.waiting, .dead]),
                limit: 10,
                now: Self.start,
                onControl: nil
            )
            #expect(afterwards.changed.isEmpty)
            #expect(try await queue.depth()[.standard]?[.succeeded] == 1)
        }
    }

    @Test(arguments: QueueKind.allCases) func aRefusalOrANewerLiveJobLeavesTheJobAsItWas(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let refused = try await Self.deadJob(harness, key: "a")
            let superseded = try await Self.deadJob(harness, key: "b")
            let newer = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "b", uniqueKey: "b"))
            let outcome = try await queue.control(.retry, JobFilter(states: [.dead]), limit: 10, now: Self.start) { job, _, _ in
                if job.id == refused { throw JobControlRefused("not now") }
            }
            #expect(outcome.changed.isEmpty)
            #expect(outcome.skipped.map(\.id) == [refused, superseded])
            #expect(outcome.skipped.first?.reason == "not now")
            #expect(outcome.skipped.last?.reason.contains("#\(newer)") == true)
            #expect(try await queue.depth()[.standard]?[.dead] == 2)
        }
    }

    @Test(arguments: QueueKind.allCases) func aFailingHandlerUndoesTheWholeCommand(kind: QueueKind) async throws {
        struct Broken: Error {}
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let first = try await Self.deadJob(harness, key: "a")
            _ = try await Self.deadJob(harness, key: "b")
            await #expect(throws: Broken.self) {
                try await queue.control(.cancel, JobFilter(states: [.dead]), limit: 10, now: Self.start) { job, _, _ in
                    if job.id != first { throw Broken() }
                }
            }
            #expect(try await queue.depth()[.standard]?[.dead] == 2)
        }
    }

    @Test func aCommandNeedsIdsOrANarrowingFilter() throws {
        #expect(throws: JobControlError.unfiltered) {
            try JobFilter.control(ids: [], states: [], lane: nil, kind: nil, errorCode: nil)
        }
        #expect(throws: JobControlError.stateNotControllable("running")) {
            try JobFilter.control(ids: [1], states: ["running"], lane: nil, kind: nil, errorCode: nil)
        }
        let byLane = try JobFilter.control(ids: [], states: [], lane: .priority, kind: nil, errorCode: nil)
        #expect(byLane.states == [.waiting, .dead])
        #expect(byLane.ids == nil)
    }
}
