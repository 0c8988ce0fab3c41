import Foundation
import Logging
import SQLKit
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import ScriptDeskQueue

/// Periodic jobs, retention, worker heartbeats and slot counts changed at run time.
@Suite struct MaintenanceTests {
    static let start = QueueHarness.start
    static let prune = PeriodicJob(name: "prune", every: .seconds(3600), job: NewJob(kind: "prune", lane: .standard, payload: "{}"))

    @Test(arguments: QueueKind.allCases) func aPeriodicJobIsEnqueuedOncePerPeriodAcrossProcesses(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let period = Self.prune.periodStart(containing: Self.start)
            // A second process: its own connection to the same database.
            let names = try await harness.withAnotherProcess { other in
                try await withThrowingTaskGroup(of: [String].self) { group in
                    for index in 0..<8 {
                        let scheduler = index.isMultiple(of: 2) ? queue : other.queue
                        group.addTask { try await scheduler.schedule([Self.prune], now: period + Double(index)) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            #expect(names == ["prune"])
            #expect(try await queue.schedule([Self.prune], now: period + 3599).isEmpty)
            #expect(try await queue.schedule([Self.prune], now: period + 3600) == ["prune"])
            #expect(try await queue.depth()[.standard]?[.waiting] == 2)
        }
    }

    @Test(arguments: QueueKind.allCases) func pruningDeletesOnlyOldFinishedJobs(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let failure = JobFailure(code: "test.transient", message: "try again", isTransient: true)
            // An old success with an error history, an old cancellation, an old death, a recent success, and one waiting.
            let old = try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "old"))
            let first = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            #expect(try await queue.fail(first, failure: failure, retryAt: Self.start, now: Self.start, onDeath: nil))
            let second = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start))
            #expect(try await queue.complete(second, now: Self.start))
            let cancelled = try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "cancelled"))
            _ = try await queue.control(.cancel, JobFilter(ids: [cancelled], states: [.waiting]), limit: 1, now: Self.start, onControl: nil)
            _ = try await JobControlTests.deadJob(harness, key: "dead")
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "recent"))
            let recent = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 100))
            #expect(try await queue.complete(recent, now: Self.start + 100))
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "waiting"))

            #expect(try await queue.prune(finishedBefore: Self.start + 50, limit: 1) == 1)
            #expect(try await queue.prune(finishedBefore: Self.start + 50, limit: 100) == 1)
            #expect(try await queue.prune(finishedBefore: Self.start + 50, limit: 100) == 0)
            let depth = try await queue.depth()[.standard] ?? [:]
            #expect(depth == [.succeeded: 1, .dead: 1, .waiting: 1])
            // The SQL drivers keep each job's error history; it goes with the job.
            if let database = harness.database {
                let errors = try await database.read {
                    try await $0.raw("SELECT COUNT(*) AS n FROM job_errors WHERE job_id = \(bind: old)").first()?.decode(column: "n", as: Int.self)
                }
                #expect(errors == 0)
            }
        }
    }

    @Test(arguments: QueueKind.allCases) func workersAppearInTheSnapshotAndTakeAskedConcurrency(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            #expect(try await queue.workerHeartbeat("host:1", concurrency: 2, now: Self.start) == nil)
            #expect(try await queue.workerHeartbeat("host:2", concurrency: 4, now: Self.start - 600) == nil)
            #expect(try await queue.setConcurrency(6, worker: nil, now: Self.start + 1) == ["host:1"])
            #expect(try await queue.workerHeartbeat("host:1", concurrency: 2, now: Self.start + 2) == 6)

            _ = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "x"))
            let job = try #require(try await queue.claim(workerID: "host:1", lease: .seconds(30), now: Self.start + 3))
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "y"))
            let done = try #require(try await queue.claim(workerID: "host:1", lease: .seconds(30), now: Self.start + 3))
            #expect(try await queue.complete(done, now: Self.start + 4))

            let snapshot = try await queue.snapshot(now: Self.start + 5, deadLimit: 10)
            #expect(snapshot.workers.map(\.id) == ["host:1"])
            #expect(snapshot.workers.first?.requestedConcurrency == 6)
            #expect(snapshot.workers.first?.runningJobs == [job.id])
            let priority = try #require(snapshot.lanes.first { $0.lane == .priority })
            #expect(priority.throughput.lastMinute == 1)
            #expect(priority.throughput.last15Minutes == 1)

            try await queue.workerStopped("host:1")
            #expect(try await queue.snapshot(now: Self.start + 6, deadLimit: 10).workers.isEmpty)
        }
    }

    @Test(arguments: QueueKind.allCases) func runningWorkersChangeTheirSlotCountWhenAsked(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let handler = OverlapHandler()
            for index in 0..<8 {
                _ = try await harness.enqueue(NewJob(kind: "slow", lane: .standard, payload: "\(index)"), at: Date())
            }
            let workers = JobWorkers(
                queue: queue,
                handlers: ["slow": handler],
                configuration: .init(
                    concurrency: 1,
                    lease: .seconds(3),
                    pollInterval: .milliseconds(50),
                    workerName: "slots-test",
                    reservedPrioritySlots: 0
                ),
                logger: QueueHarness.logger
            )
            try await workers.whileRunning {
                try await handler.waitForStarts(1)
                #expect(try await queue.setConcurrency(3, worker: "slots-test", now: Date()) == ["slots-test"])
                // Taken up at the next heartbeat (a third of a lease); bounded so a failure cannot hang.
                try await handler.waitForStarts(5)
            }
            #expect(handler.mostAtOnce == 3)
        }
    }
}

/// A job that takes a moment and counts how many run at once.
final class OverlapHandler: JobHandler {
    private let state = Mutex((running: 0, most: 0, started: 0))

    var mostAtOnce: Int { state.withLock { $0.most } }

    func run(_ job: ClaimedJob) async throws {
        state.withLock { state in
            state.running += 1
            state.started += 1
            state.most = max(state.most, state.running)
        }
        defer { state.withLock { $0.running -= 1 } }
        try await Task.sleep(for: .seconds(1))
    }

    /// Waits until `count` jobs have started, for at most a minute.
    func waitForStarts(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while state.withLock({ $0.started }) < count {
            guard ContinuousClock.now < deadline else {
                throw TestSupportError(message: "Waited a minute for \(count) jobs to start; \(state.withLock { $0.started }) did.")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}
