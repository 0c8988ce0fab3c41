import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import Synchronization
import Testing

/// Operator actions on the queue: small ones at once, large ones in the background with
/// their progress, each recorded in the audit with who, from where and how many.
@Suite struct QueueActionTests {
    static let operations = Caller(id: "person-ops", name: "ops.duty", role: .operations, centre: nil)
    static let observer = Caller(id: "person-obs", name: "obs.duty", role: .observer, centre: nil)
    static let drivers: [QueueKind] = [.sqlite, .postgres]

    /// Does nothing, and counts.
    struct Noop: JobHandler {
        func run(_ job: ClaimedJob) async throws {}
        func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
    }

    /// Told of each retry of a `stuck` job; when the third slice begins, reads the newest
    /// action's recorded progress from another connection.
    final class SliceWatcher: JobHandler {
        let database: Database
        let told = Mutex(0)
        let seenAtThirdSlice = Mutex<Int?>(nil)

        init(database: Database) { self.database = database }

        func run(_ job: ClaimedJob) async throws {}
        func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
        func jobControlled(_ job: JobRecord, action: JobControl, in transaction: StoreConnection) async throws {
            let count = told.withLock { told in
                told += 1
                return told
            }
            guard count == 2 * QueueOperations.sliceSize + 1 else { return }
            let newest = try await database.read { try await QueueActionLog().list(before: nil, limit: 1, on: $0) }
            seenAtThirdSlice.withLock { $0 = newest.first?.changed }
        }
    }

    static func operations(
        _ harness: QueueHarness,
        database: Database,
        watcher: SliceWatcher? = nil
    ) -> (QueueOperations, [String: any JobHandler]) {
        var work: [String: any JobHandler] = ["noop": Noop()]
        if let watcher { work["stuck"] = watcher }
        var handlers = work
        handlers[QueueActionJob.kind] = QueueActionJob(queue: harness.queue, database: database, handlers: work, clock: .system)
        return (QueueOperations(queue: harness.queue, database: database, handlers: handlers, access: AccessPolicy(), clock: .system), handlers)
    }

    /// `count` dead jobs of kind `stuck` in the standard lane, written in one statement.
    static func deadJobs(_ count: Int, in database: Database) async throws {
        let stamp = SQLTime.text(WallClock.system.now.addingTimeInterval(-600))
        try await database.transaction { db in
            let rows: SQLQueryString =
                database.dialect == .postgres
                ? "SELECT i FROM generate_series(1, \(literal: count)) AS s(i)"
                : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(literal: count)) SELECT i FROM n"
            try await db.raw(
                """
                INSERT INTO jobs (kind, lane, payload, state, attempts, max_attempts, run_at, created_at, updated_at, finished_at,
                    last_error_code, last_error_message, centre)
                SELECT 'stuck', 'standard', '{}', 'dead', 3, 3, \(bind: stamp), \(bind: stamp), \(bind: stamp), \(bind: stamp),
                    'archive.unavailable', 'The archive did not answer.', '10001' FROM (\(rows)) AS numbers
                """
            ).run()
        }
    }

    @Test(arguments: drivers) func aRetryOfAHundredThousandDeadJobsRunsInTheBackgroundWhileWorkersKeepClaiming(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let database = try #require(harness.database)
            let watcher = SliceWatcher(database: database)
            let (operations, handlers) = Self.operations(harness, database: database, watcher: watcher)
            try await Self.deadJobs(100_000, in: database)
            // Retried jobs wait in the paused standard lane, so only new work and the action run.
            try await harness.queue.setPaused(.standard, true, now: WallClock.system.now)
            let search = JobSearch(states: [.dead], errorCode: "archive.unavailable")
            #expect(try await operations.preview(search, by: Self.operations) == 100_000)

            let workers = JobWorkers(
                queue: harness.queue,
                handlers: handlers,
                configuration: .init(concurrency: 3, pollInterval: .milliseconds(50), reservedPrioritySlots: 0),
                logger: QueueHarness.logger
            )
            let (finished, progress, noopsDone) = try await workers.whileRunning {
                let started = try await operations.act(.retry, on: search, by: Self.operations, from: "192.0.2.7")
                #expect(started.state == .running && started.matched == 100_000 && started.jobID != nil)
                // New work enqueued while the action runs.
                let noops = try await harness.enqueue(
                    Array(repeating: NewJob(kind: "noop", lane: .priority, payload: ""), count: 20),
                    at: WallClock.system.now
                )
                var action = started
                let deadline = ContinuousClock.now + .seconds(600)
                while action.state == .running, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    action = try #require(try await operations.action(started.id, by: Self.observer))
                }
                let console = QueueConsole(database: database)
                let done = try await console.count(JobSearch(ids: noops, states: [.succeeded]))
                return (action, watcher.seenAtThirdSlice.withLock { $0 }, done)
            }
            #expect(finished.state == .done)
            #expect(finished.changed == 100_000 && finished.skipped == 0)
            #expect(finished.actorName == "ops.duty" && finished.address == "192.0.2.7")
            // Each slice's figures were recorded before the next began, and the new work ran meanwhile.
            #expect(progress == 2 * QueueOperations.sliceSize)
            #expect(noopsDone == 20)
            let depth = try await harness.queue.depth()[.standard] ?? [:]
            #expect(depth[.waiting] == 100_000 && depth[.dead] == nil)
        }
    }

    @Test(arguments: drivers) func aSmallActionRunsAtOnceAndEveryChangeIsAudited(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let database = try #require(harness.database)
            let (operations, _) = Self.operations(harness, database: database)
            try await Self.deadJobs(30, in: database)
            let action = try await operations.act(.cancel, on: JobSearch(centre: "10001"), by: Self.operations, from: "192.0.2.8")
            #expect(action.state == .done && action.matched == 30 && action.changed == 30 && action.jobID == nil)
            try await operations.setPaused(.priority, true, by: Self.operations, from: "192.0.2.8")
            try await operations.setPaused(.priority, false, by: Self.operations, from: "192.0.2.8")
            let audit = try await operations.actions(before: nil, limit: 10, by: Self.observer)
            #expect(audit.map(\.kind) == [.resume, .pause, .cancel])
            #expect(audit.last?.target.search?.centre == "10001")
            #expect(audit.allSatisfy { $0.actorID == "person-ops" && $0.address == "192.0.2.8" })
            // Keyset pages through the audit.
            #expect(try await operations.actions(before: audit[1].id, limit: 10, by: Self.observer).map(\.kind) == [.cancel])
        }
    }

    @Test func anObserverWatchesButChangesNothing() async throws {
        try await QueueHarness.with(.sqlite) { harness in
            let database = try #require(harness.database)
            let (operations, _) = Self.operations(harness, database: database)
            try await Self.deadJobs(3, in: database)
            await #expect(throws: AccessRefusal.self) {
                _ = try await operations.act(.retry, on: JobSearch(states: [.dead]), by: Self.observer, from: nil)
            }
            await #expect(throws: AccessRefusal.self) { try await operations.setPaused(.standard, true, by: Self.observer) }
            #expect(try await operations.actions(before: nil, limit: 10, by: Self.observer).isEmpty)
            #expect(try await harness.queue.depth()[.standard]?[.dead] == 3)
        }
    }

    @Test func anActionOnEveryJobOrOnFinishedJobsIsRefused() async throws {
        try await QueueHarness.with(.sqlite) { harness in
            let (operations, _) = Self.operations(harness, database: try #require(harness.database))
            await #expect(throws: JobControlError.unfiltered) {
                _ = try await operations.act(.cancel, on: JobSearch(), by: Self.operations, from: nil)
            }
            await #expect(throws: JobControlError.stateNotControllable("succeeded")) {
                _ = try await operations.act(.retry, on: JobSearch(states: [.succeeded]), by: Self.operations, from: nil)
            }
        }
    }
}
