import Foundation
import Logging
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Worker processes killed with SIGKILL mid-job, again and again: afterwards every job has
/// run to completion exactly once in effect, none is lost and none is stuck.
@Suite struct CrashTests {
    static let jobs = 500
    static let kills = 50

    /// The `scriptdesk-worker` executable built beside the test bundle: the program with no
    /// HTTP server that worker hosts run.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("scriptdesk-worker")
    }

    static func launchWorker(storage: String, database: String) throws -> ChildProcess {
        try ChildProcess.start(
            [executable.path, "--storage", storage, "--database", database, "--concurrency", "2"],
            environment: ["SCRIPTDESK_LEASE_SECONDS": "1", "SCRIPTDESK_LOG_LEVEL": "critical"]
        )
    }

    /// Waits (a minute at most) until one of the worker processes has claimed a job it has
    /// not yet finished (a worker's name ends in its process id), and returns its index;
    /// nil once no job is left waiting.
    static func workerHoldingAJob(among workers: [ChildProcess], _ database: Database) async throws -> Int? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (holders, waiting) = try await database.read { db in
                let holders = try await db.raw(
                    "SELECT DISTINCT worker_id FROM jobs WHERE kind = \(bind: ProbeJob.kind) AND state = 'running'"
                ).all().map { try $0.decode(column: "worker_id", as: String.self) }
                let waiting = try await db.raw(
                    "SELECT COUNT(*) AS n FROM jobs WHERE kind = \(bind: ProbeJob.kind) AND state = 'waiting'"
                ).first()?.decode(column: "n", as: Int.self)
                return (holders, waiting ?? 0)
            }
            let busy = workers.indices.filter { index in holders.contains { $0.hasSuffix(":\(workers[index].pid)") } }
            if let index = busy.randomElement() { return index }
            if waiting == 0 { return nil }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestSupportError(message: "No worker claimed a job within a minute: \(workers.map(\.errorText))")
    }

    /// Probe jobs by lane and state (the workers' own periodic jobs are not counted).
    static func probeDepth(_ database: Database) async throws -> [Lane: [JobState: Int]] {
        let rows = try await database.read { db in
            try await db.raw("SELECT lane, state, COUNT(*) AS n FROM jobs WHERE kind = \(bind: ProbeJob.kind) GROUP BY lane, state").all()
        }
        var depth: [Lane: [JobState: Int]] = [:]
        for row in rows {
            let lane = try #require(Lane(rawValue: try row.decode(column: "lane", as: String.self)))
            let state = try #require(JobState(rawValue: try row.decode(column: "state", as: String.self)))
            depth[lane, default: [:]][state] = try row.decode(column: "n", as: Int.self)
        }
        return depth
    }

    @Test(arguments: DatabaseKind.allCases) func killedWorkersLoseNoJobAndRepeatNoEffect(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: Runtime.migrations) { database in
            let logger = Logger(label: "crash-test")
            let queue = SQLJobQueue(database: database, logger: logger)
            try await database.transaction { db in
                for index in 0..<Self.jobs {
                    let job = NewJob(kind: ProbeJob.kind, lane: index.isMultiple(of: 2) ? .priority : .standard, payload: "40", maxAttempts: 100)
                    _ = try await queue.enqueue(job, in: db, now: WallClock.system.now)
                }
            }
            let storage = try ScratchFolder.make("crash")
            defer { try? FileManager.default.removeItem(atPath: storage) }
            let url: String =
                switch database.location {
                case .sqlite(let path): path
                case .postgres(let url): url
                case .sqliteInMemory: ""
                }
            var workers = [try Self.launchWorker(storage: storage, database: url), try Self.launchWorker(storage: storage, database: url)]
            // Kill a worker in the middle of its work, start a new one, fifty times over.
            // The victim is a worker that holds a job at that moment, however long a loaded
            // machine takes to start one; the kills stop early if the queue runs dry first.
            var killed = 0
            while killed < Self.kills, let index = try await Self.workerHoldingAJob(among: workers, database) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...30)))
                workers[index].send(SIGKILL)
                _ = try await workers[index].exit(within: .seconds(30))
                workers[index].discardFiles()
                workers[index] = try Self.launchWorker(storage: storage, database: url)
                killed += 1
            }
            #expect(killed >= Self.kills / 2, "the queue ran dry after \(killed) kills")
            // Then let the survivors drain the queue (lapsed leases are rescued after 1 s).
            let deadline = ContinuousClock.now + .seconds(180)
            var depth: [Lane: [JobState: Int]] = [:]
            repeat {
                try await Task.sleep(for: .milliseconds(250))
                depth = try await Self.probeDepth(database)
            } while depth.values.reduce(0, { $0 + ($1[.succeeded] ?? 0) }) < Self.jobs && ContinuousClock.now < deadline
            for worker in workers {
                await worker.stop(grace: .seconds(30))
                worker.discardFiles()
            }
            let succeeded = depth.values.reduce(0) { $0 + ($1[.succeeded] ?? 0) }
            #expect(succeeded == Self.jobs)
            #expect(depth.values.allSatisfy { ($0[.dead] ?? 0) == 0 && ($0[.running] ?? 0) == 0 && ($0[.waiting] ?? 0) == 0 })
            let effects = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT job_id) AS jobs FROM queue_probes").first()
            }
            #expect(try effects?.decode(column: "n", as: Int.self) == Self.jobs)
            #expect(try effects?.decode(column: "jobs", as: Int.self) == Self.jobs)
            let rescued = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = \(bind: ProbeJob.kind) AND attempts > 1").first()?
                    .decode(column: "n", as: Int.self)
            }
            // The kills really did land mid-job: some jobs needed more than one attempt.
            #expect((rescued ?? 0) > 0)
        }
    }
}
