import Foundation
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskQueue

/// The SQL behind the operations console, on both drivers: the overview's counts and
/// per-minute figures, search with keyset pages, a job's attempts, and worker processes.
@Suite struct QueueConsoleTests {
    static let start = QueueHarness.start
    static let sqlDrivers: [QueueKind] = [.sqlite, .postgres]

    static func about(_ n: Int) -> JobSubject {
        JobSubject(requestID: "req-\(n)", centre: n.isMultiple(of: 2) ? "10001" : "10002", candidate: String(format: "%04d", n), component: "7357/1")
    }

    @Test(arguments: sqlDrivers) func theOverviewCountsWhatEachLaneWaitsFor(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let database = try #require(harness.database)
            let console = QueueConsole(database: database)
            // Three due priority jobs, one priority job due in an hour, one standard job that will die.
            for n in 0..<3 { _ = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "", about: Self.about(n))) }
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "", runAt: Self.start + 3600))
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "", maxAttempts: 1))
            let standard = try #require(
                try await queue.claim(
                    ClaimPlan(limit: 1, standardLimit: 1, standardFirst: 1),
                    workerID: "w1",
                    lease: .seconds(30),
                    now: Self.start + 5
                ).first
            )
            let failure = JobFailure(code: "test.broken", message: "broken", isTransient: false)
            #expect(try await queue.fail(standard, failure: failure, retryAt: nil, now: Self.start + 6, onDeath: nil))
            // One priority job runs and finishes 2.5 s after it was claimed, 10 s after it was due.
            let claimed = try #require(try await queue.claim(workerID: "w1", lease: .seconds(30), now: Self.start + 10))
            #expect(try await queue.complete(claimed, now: Self.start + 12.5))
            _ = try #require(try await queue.claim(workerID: "w2", lease: .seconds(30), now: Self.start + 13))
            try await queue.setPaused(.standard, true, now: Self.start)

            let facts = try await console.facts(now: Self.start + 20)
            let priority = try #require(facts.lanes.first { $0.lane == .priority })
            #expect((priority.waiting, priority.scheduled, priority.running, priority.dead, priority.paused) == (1, 1, 1, 0, false))
            #expect(priority.oldestDueAt == Self.start)
            let standardLane = try #require(facts.lanes.first { $0.lane == .standard })
            #expect((standardLane.waiting, standardLane.dead, standardLane.deadLastHour, standardLane.paused) == (0, 1, 1, true))
            #expect(priority.minutes.count == 60)
            let finished = priority.minutes.filter { $0.finished > 0 }
            #expect(finished.count == 1)
            let minute = try #require(finished.first)
            #expect(minute.queued.counts == [QueueMinutes.bucket(of: 10): 1])
            #expect(minute.run.counts == [QueueMinutes.bucket(of: 2.5): 1])
            #expect(facts.running.map(\.worker) == ["w2"])
            #expect(facts.running.first?.about.requestID == "req-1")
            #expect(facts.runningCount == 1)
            // An hour later the minute has left the window.
            let later = try await console.facts(now: Self.start + 3700)
            #expect(later.lanes.allSatisfy { $0.minutes.allSatisfy { $0.finished == 0 } })
        }
    }

    @Test(arguments: sqlDrivers) func searchPagesNewestFirstByKeysetAndNarrowsByWhatAJobIsAbout(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let database = try #require(harness.database)
            let console = QueueConsole(database: database)
            var ids: [Int64] = []
            for n in 0..<25 { ids.append(try await harness.enqueue(NewJob(kind: "script-copy", lane: .standard, payload: "", about: Self.about(n)))) }
            _ = try await harness.enqueue(NewJob(kind: "queue.prune", lane: .standard, payload: ""))

            var seen: [Int64] = []
            var before: Int64?
            repeat {
                let page = try await console.jobs(JobSearch(kind: "script-copy"), before: before, limit: 10)
                seen += page.rows.map(\.id)
                before = page.nextBefore
            } while before != nil
            #expect(seen == ids.reversed())

            let centre = try await console.jobs(JobSearch(centre: "10001"), before: nil, limit: 100)
            #expect(centre.rows.count == 13)
            #expect(centre.rows.allSatisfy { $0.about.centre == "10001" })
            #expect(try await console.jobs(JobSearch(requestID: "req-7"), before: nil, limit: 10).rows.map(\.id) == [ids[7]])
            #expect(try await console.jobs(JobSearch(centre: "10002", candidate: "0007"), before: nil, limit: 10).rows.map(\.id) == [ids[7]])
            #expect(try await console.count(JobSearch(states: [.waiting], component: "7357/1")) == 25)
            #expect(try await console.count(JobSearch(states: [.dead])) == 0)
            #expect(try await console.count(JobSearch(enqueuedFrom: Self.start + 1)) == 0)
            #expect(try await console.count(JobSearch()) == 26)
            #expect(try await console.ids(JobSearch(centre: "10001"), after: ids[20], limit: 10) == [ids[22], ids[24]])
        }
    }

    @Test(arguments: sqlDrivers) func aJobShowsEveryAttemptWithItsWorker(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let console = QueueConsole(database: try #require(harness.database))
            let id = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "{\"a\":1}", about: Self.about(3)))
            let first = try #require(try await queue.claim(workerID: "host-a:1", lease: .seconds(30), now: Self.start + 1))
            let failure = JobFailure(code: "archive.unavailable", message: "The archive did not answer.", isTransient: true)
            #expect(try await queue.fail(first, failure: failure, retryAt: Self.start + 5, now: Self.start + 2, onDeath: nil))
            let second = try #require(try await queue.claim(workerID: "host-b:2", lease: .seconds(30), now: Self.start + 6))
            #expect(try await queue.complete(second, now: Self.start + 7))

            let job = try #require(try await console.job(id))
            #expect(job.payload == "{\"a\":1}")
            #expect(job.row.state == .succeeded)
            #expect(job.attempts.map(\.number) == [1, 2])
            #expect(job.attempts.map(\.worker) == ["host-a:1", "host-b:2"])
            #expect(job.attempts[0].error?.code == "archive.unavailable")
            #expect(job.attempts[0].startedAt == Self.start + 1)
            #expect(job.attempts[1].succeeded && job.attempts[1].startedAt == Self.start + 6 && job.attempts[1].endedAt == Self.start + 7)
            #expect(try await console.job(id + 100) == nil)
        }
    }

    @Test(arguments: sqlDrivers) func workersReportTheirHostProcessReleaseAndBusySlots(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let console = QueueConsole(database: try #require(harness.database))
            _ = try await queue.workerHeartbeat("w1", concurrency: 4, now: Self.start)
            _ = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: ""))
            _ = try #require(try await queue.claim(workerID: "w1", lease: .seconds(30), now: Self.start + 1))
            let worker = try #require(try await console.facts(now: Self.start + 2).workers.first)
            #expect(worker.id == "w1" && worker.slots == 4 && worker.busy == 1)
            #expect(worker.host == ProcessInfo.processInfo.hostName)
            #expect(worker.processID == Int(ProcessInfo.processInfo.processIdentifier))
            #expect(worker.version == Release.version)
        }
    }

    @Test func percentilesAreReadWithinTheirBucket() {
        var histogram = TimeHistogram()
        #expect(histogram.percentile(0.5) == nil)
        for seconds in [0.001, 0.003, 0.003, 0.1, 10] { histogram.add(bucket: QueueMinutes.bucket(of: seconds), 1) }
        let median = try! #require(histogram.percentile(0.5))
        #expect(median >= 0.002 && median < 0.004)
        let p95 = try! #require(histogram.percentile(0.95))
        #expect(p95 >= 8.192 && p95 < 16.384)
        #expect(QueueMinutes.bucket(of: 0) == 0)
        #expect(QueueMinutes.bucket(of: 86_400 * 365) == QueueMinutes.topBucket)
    }
}
