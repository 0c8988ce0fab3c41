import Foundation
import Logging
import SQLKit
import ScriptDeskPipeline
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// Worker processes killed with SIGKILL mid-job, again and again: afterwards every job has
/// run to completion exactly once in effect, none is lost and none is stuck.
@Suite struct CrashTests {
    static let jobs = 500
    static let kills = 50

    /// The `scriptdesk` executable built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("scriptdesk")
    }

    static func launchWorker(storage: String, database: String) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["worker", "--storage", storage, "--database", database, "--concurrency", "2"]
        var environment = ProcessInfo.processInfo.environment
        environment["SCRIPTDESK_LEASE_SECONDS"] = "1"
        environment["SCRIPTDESK_LOG_LEVEL"] = "critical"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits for a process to exit without blocking a thread of the shared pool (other
    /// suites run beside this one).
    static func exited(_ process: Process) async throws {
        while process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
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
        try await ScratchDatabase.with(kind, migrations: Pipeline.migrations) { database in
            let logger = Logger(label: "crash-test")
            let queue = SQLJobQueue(database: database, logger: logger)
            try await database.transaction { db in
                for index in 0..<Self.jobs {
                    let job = NewJob(kind: ProbeJob.kind, lane: index.isMultiple(of: 2) ? .priority : .standard, payload: "15", maxAttempts: 100)
                    _ = try await queue.enqueue(job, on: db, now: Date())
                }
            }
            let storage = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-crash-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: storage) }
            let url: String =
                switch database.location {
                case .sqlite(let path): path
                case .postgres(let url): url
                case .sqliteInMemory: ""
                }
            var workers = [try Self.launchWorker(storage: storage, database: url), try Self.launchWorker(storage: storage, database: url)]
            // Kill a worker in the middle of its work, start a new one, fifty times over.
            for round in 0..<Self.kills {
                try await Task.sleep(for: .milliseconds(150))
                let victim = workers[round % workers.count]
                kill(victim.processIdentifier, SIGKILL)
                try await Self.exited(victim)
                workers[round % workers.count] = try Self.launchWorker(storage: storage, database: url)
            }
            // Then let the survivors drain the queue (lapsed leases are rescued after 1 s).
            let deadline = ContinuousClock.now + .seconds(180)
            var depth: [Lane: [JobState: Int]] = [:]
            repeat {
                try await Task.sleep(for: .milliseconds(250))
                depth = try await Self.probeDepth(database)
            } while depth.values.reduce(0, { $0 + ($1[.succeeded] ?? 0) }) < Self.jobs && ContinuousClock.now < deadline
            for worker in workers {
                worker.terminate()
                try await Self.exited(worker)
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
