import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Synchronization
import Testing

@testable import ScriptDeskQueue

/// Collects the jobs a queue reported dead.
final class Deaths: Sendable {
    private let recorded = Mutex<[String]>([])

    var codes: [String] { recorded.withLock { $0 } }

    var record: DeathRecorder {
        { _, failure, _ in self.recorded.withLock { $0.append(failure.code) } }
    }
}

/// The queue's promises, the same suite on every driver: SQLite, PostgreSQL and in memory.
@Suite struct JobQueueTests {
    static let start = QueueHarness.start

    @Test(arguments: QueueKind.allCases) func priorityJobOvertakesStandardBacklog(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            for index in 0..<3 {
                _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "s\(index)"))
            }
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "p"), at: Self.start + 10)
            let first = try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 20)
            let second = try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 20)
            #expect(first?.payload == "p")
            #expect(first?.lane == .priority)
            #expect(second?.payload == "s0")
        }
    }

    @Test(arguments: QueueKind.allCases) func aDelayedJobWaitsForItsRunTime(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "later", runAt: Self.start + 60))
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 59) == nil)
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 60)?.payload == "later")
        }
    }

    @Test(arguments: QueueKind.allCases) func aStaleWorkerCannotCompleteARescuedJob(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .priority, payload: "x"))
            let stale = try #require(try await queue.claim(workerID: "a", lease: .seconds(30), now: Self.start))
            #expect(try await queue.rescueExpiredLeases(now: Self.start + 29, onDeath: nil) == 0)
            #expect(try await queue.rescueExpiredLeases(now: Self.start + 31, onDeath: nil) == 1)
            let fresh = try #require(try await queue.claim(workerID: "b", lease: .seconds(30), now: Self.start + 32))
            #expect(fresh.id == stale.id)
            #expect(fresh.attempt == 2)
            #expect(fresh.leaseToken != stale.leaseToken)
            #expect(try await queue.heartbeat(stale, lease: .seconds(30), now: Self.start + 33) == false)
            #expect(try await queue.complete(stale, now: Self.start + 33) == false)
            #expect(
                try await queue.fail(
                    stale,
                    failure: JobFailure(code: "x", message: "x", isTransient: true),
                    retryAt: nil,
                    now: Self.start + 33,
                    onDeath: nil
                ) == false
            )
            #expect(try await queue.complete(fresh, now: Self.start + 34) == true)
            #expect(try await queue.depth()[.priority]?[.succeeded] == 1)
        }
    }

    @Test(arguments: QueueKind.allCases) func transientFailuresRetryUntilAttemptsRunOut(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let policy = RetryPolicy(base: .seconds(10), cap: .seconds(100))
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "x", maxAttempts: 2))
            let failure = JobFailure(code: "transfer.network", message: "reset", isTransient: true)
            let first = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            let retryAt = try #require(
                policy.retryTime(after: failure, attempt: first.attempt, maxAttempts: first.maxAttempts, now: Self.start, jitter: 1)
            )
            #expect(retryAt == Self.start + 10)
            #expect(try await queue.fail(first, failure: failure, retryAt: retryAt, now: Self.start, onDeath: nil))
            #expect(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 9) == nil)
            let second = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 10))
            #expect(policy.retryTime(after: failure, attempt: second.attempt, maxAttempts: second.maxAttempts, now: Self.start, jitter: 1) == nil)
            let deaths = Deaths()
            #expect(try await queue.fail(second, failure: failure, retryAt: nil, now: Self.start + 11, onDeath: deaths.record))
            #expect(deaths.codes == ["transfer.network"])
            #expect(try await queue.depth()[.standard]?[.dead] == 1)
        }
    }

    @Test(arguments: QueueKind.allCases) func aJobThatKeepsLosingItsWorkerIsQuarantined(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "x", maxAttempts: 2))
            let deaths = Deaths()
            _ = try #require(try await queue.claim(workerID: "a", lease: .seconds(10), now: Self.start))
            #expect(try await queue.rescueExpiredLeases(now: Self.start + 11, onDeath: deaths.record) == 1)
            _ = try #require(try await queue.claim(workerID: "b", lease: .seconds(10), now: Self.start + 12))
            #expect(try await queue.rescueExpiredLeases(now: Self.start + 23, onDeath: deaths.record) == 1)
            #expect(deaths.codes == ["job.worker_lost"])
            #expect(try await queue.claim(workerID: "c", lease: .seconds(10), now: Self.start + 24) == nil)
            #expect(try await queue.depth()[.standard]?[.dead] == 1)
        }
    }

    @Test(arguments: QueueKind.allCases) func aDeathRecorderThatFailsLeavesTheJobAlive(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "x"))
            let job = try #require(try await queue.claim(workerID: "a", lease: .seconds(10), now: Self.start))
            struct Refused: Error {}
            let failure = JobFailure(code: "p", message: "p", isTransient: false)
            await #expect(throws: Refused.self) {
                try await queue.fail(job, failure: failure, retryAt: nil, now: Self.start + 1) { _, _, _ in throw Refused() }
            }
            #expect(try await queue.depth()[.standard]?[.running] == 1)
            #expect(try await queue.complete(job, now: Self.start + 2))
        }
    }

    @Test(arguments: QueueKind.allCases) func concurrentClaimersNeverShareAJob(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            for index in 0..<120 {
                _ = try await harness.enqueue(NewJob(kind: "copy", lane: index % 3 == 0 ? .priority : .standard, payload: "\(index)"))
            }
            // Four claimers, each on its own connection, as four worker processes would be.
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        try await harness.withAnotherProcess { other in
                            let own = other.queue
                            var ids: [Int64] = []
                            do {
                                while let job = try await own.claim(workerID: "w\(worker)", lease: .seconds(60), now: Self.start) {
                                    ids.append(job.id)
                                    #expect(try await own.complete(job, now: Self.start))
                                }
                            } catch {
                                Issue.record("claimer \(worker) failed: \(String(reflecting: error))")
                                throw error
                            }
                            return ids
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 120)
            #expect(Set(claimed).count == 120)
            #expect(try await queue.depth().values.reduce(0) { $0 + ($1[.succeeded] ?? 0) } == 120)
        }
    }

    @Test func retryPolicyBacksOffExponentiallyWithJitterAndACap() {
        let policy = RetryPolicy(base: .seconds(2), cap: .seconds(60))
        let transient = JobFailure(code: "t", message: "t", isTransient: true)
        let permanent = JobFailure(code: "p", message: "p", isTransient: false)
        let now = Self.start
        #expect(policy.retryTime(after: transient, attempt: 1, maxAttempts: 9, now: now, jitter: 1) == now + 2)
        #expect(policy.retryTime(after: transient, attempt: 3, maxAttempts: 9, now: now, jitter: 1) == now + 8)
        #expect(policy.retryTime(after: transient, attempt: 3, maxAttempts: 9, now: now, jitter: 0) == now + 4)
        #expect(policy.retryTime(after: transient, attempt: 8, maxAttempts: 9, now: now, jitter: 1) == now + 60)
        #expect(policy.retryTime(after: permanent, attempt: 1, maxAttempts: 9, now: now, jitter: 1) == nil)
    }

    @Test(arguments: QueueKind.allCases) func aLiveUniqueKeyReturnsTheExistingJob(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let job = NewJob(kind: "copy", lane: .standard, payload: "x", uniqueKey: "script-copy:1")
            let first = try await harness.enqueue(job)
            let second = try await harness.enqueue(job)
            #expect(first == second)
            let claimed = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            #expect(try await harness.enqueue(job) == first)
            #expect(try await queue.complete(claimed, now: Self.start))
            #expect(try await harness.enqueue(job) != first)
        }
    }

    @Test(arguments: QueueKind.allCases) func aReleasedJobWaitsAgainWithoutUsingAnAttempt(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            _ = try await harness.enqueue(NewJob(kind: "copy", lane: .standard, payload: "x"))
            let claimed = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            try await queue.release(claimed, now: Self.start + 1)
            let again = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 2))
            #expect(again.attempt == 1)
        }
    }

    @Test func aRingDuringAWaitWakesTheWaiter() async throws {
        let bell = Doorbell()
        let seen = bell.generation
        let clock = ContinuousClock()
        async let waited = clock.measure { await bell.wait(since: seen, timeout: .seconds(60)) }
        // Ring until the waiter has been woken: the ring may come before or during its wait.
        while bell.generation == seen {
            bell.ring()
        }
        #expect(await waited < .seconds(60))
    }

    @Test func theDoorbellNeverLosesARing() async throws {
        let bell = Doorbell()
        let seen = bell.generation
        bell.ring()
        let clock = ContinuousClock()
        let waited = await clock.measure { await bell.wait(since: seen, timeout: .seconds(30)) }
        #expect(waited < .seconds(30))
        #expect(bell.generation == seen + 1)
    }
}
