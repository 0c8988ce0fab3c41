import ArgumentParser
import Foundation
import Logging
import SQLKit
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskStore
import ServiceLifecycle
import Synchronization

/// `scriptdesk-bench`: measurements that `scripts/bench` sets beside peer systems.
@main
struct ScriptDeskBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scriptdesk-bench",
        abstract: "ScriptDesk's side of scripts/bench.",
        subcommands: [
            QueueBench.self, PDFArchive.self, PDFBench.self, StatementBench.self, DownloadFixture.self, TokenVerifyBench.self, WebFixture.self,
        ]
    )
}

/// `scriptdesk-bench queue`: the job queue's throughput and pickup latency with no-op jobs,
/// printed as one JSON object for `scripts/bench queue` to set beside its peers.
struct QueueBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Enqueue and drain no-op jobs; measure pickup latency idle and under a standard backlog."
    )

    @Option(help: "postgres://… or a SQLite file path (made fresh by the caller).")
    var database: String

    @Option(help: "No-op jobs to enqueue and drain.")
    var jobs = 20_000

    @Option(help: "Worker slots: async tasks, not threads; each claim and completion transaction serves up to this many jobs.")
    var concurrency = 512

    @Option(help: "Standard jobs waiting while priority pickup is measured.")
    var backlog = 100_000

    @Option(help: "Pickup samples, idle and under the backlog.")
    var samples = 1000

    @Flag(help: "Print JSON (the default output is JSON too; kept for symmetry with the peers).")
    var json = false

    func run() async throws {
        var logger = Logger(label: "scriptdesk-bench")
        logger.logLevel = .warning
        let location = DatabaseLocation(parsing: database)
        let report = try await Database.withRunning(location, logger: logger) { db in
            try await Migrator(migrations: QueueSchema.migrations).migrate(db, logger: logger)
            // Enqueueing happens on a database of its own, as it would from another process.
            return try await Database.withRunning(location, logger: logger) { client in
                try await measure(
                    database: db,
                    Bench(
                        queue: SQLJobQueue(database: db, logger: logger),
                        client: SQLJobQueue(database: client, logger: logger),
                        clientDatabase: client,
                        logger: logger,
                        concurrency: concurrency
                    ),
                    location: location
                )
            }
        }
        print(report.text)
    }

    /// Enqueue, drain, idle pickup and priority pickup under a backlog, as one JSON object.
    private func measure(database db: Database, _ bench: Bench, location: DatabaseLocation) async throws -> JSONValue {
        progress("enqueueing \(jobs) no-op jobs")
        let enqueueRate = try await bench.enqueue(jobs, lane: .standard, kind: Bench.noop)
        if !location.isSQLite {
            // Statistics as autovacuum keeps them on a database in service (the peer gets the same).
            try await db.withConnection { try await $0.raw("ANALYZE jobs").run() }
        }
        progress(String(format: "enqueued at %.0f jobs/s; draining with %d slots", enqueueRate, concurrency))
        let drainRate = try await bench.drain(jobs)
        progress(String(format: "drained at %.0f jobs/s; measuring idle pickup", drainRate))
        let idle = try await bench.idlePickup(samples: samples, inProcess: location.isSQLite)
        progress("idle pickup p50 \(idle.p50) ms, p99 \(idle.p99) ms; filling a backlog of \(backlog)")
        let underBacklog = try await bench.priorityPickupUnderBacklog(backlog: backlog, samples: min(samples, 100), inProcess: location.isSQLite)
        progress("priority pickup under the backlog p99 \(underBacklog.p99) ms")

        let result: [String: JSONValue] = [
            "system": .string(location.isSQLite ? "scriptdesk-sqlite" : "scriptdesk-postgres"),
            "jobs": .number(Double(jobs)),
            "concurrency": .number(Double(concurrency)),
            "enqueue_jobs_per_s": .number(enqueueRate.rounded()),
            "drain_jobs_per_s": .number(drainRate.rounded()),
            "idle_pickup_p50_ms": .number(idle.p50),
            "idle_pickup_p99_ms": .number(idle.p99),
            "priority_pickup_p99_ms_under_backlog": .number(underBacklog.p99),
            "backlog": .number(Double(backlog)),
            "durability": .string(
                location.isSQLite
                    ? "SQLite WAL, synchronous=FULL: every enqueue batch (500 jobs, one multi-row insert) is a committed, fsynced transaction; every claim batch and completion batch a committed one flushed with the next fsync"
                    : "PostgreSQL defaults (fsync on, synchronous_commit on): every claim batch, completion batch and enqueue batch (500 jobs, one multi-row insert) is a committed transaction"
            ),
            "wakeups": .string(location.isSQLite ? "in-process doorbell" : "LISTEN/NOTIFY from another connection"),
        ]
        return .object(result)
    }
}

/// The measurements, over one queue and a second connection that enqueues.
struct Bench {
    static let noop = "bench.noop"
    static let busy = "bench.busy"

    let queue: SQLJobQueue
    let client: SQLJobQueue
    let clientDatabase: Database
    let logger: Logger
    let concurrency: Int

    /// Enqueues `count` jobs in transactions of 500; returns jobs per second.
    func enqueue(_ count: Int, lane: Lane, kind: String) async throws -> Double {
        let started = ContinuousClock.now
        var left = count
        while left > 0 {
            let batch = min(left, 500)
            let now = WallClock.system.now
            let jobs = Array(repeating: NewJob(kind: kind, lane: lane, payload: "", maxAttempts: 3), count: batch)
            _ = try await clientDatabase.transaction { try await client.enqueue(jobs, in: $0, now: now) }
            left -= batch
        }
        return Double(count) / (ContinuousClock.now - started).timeInterval
    }

    /// Starts workers, waits until `count` jobs have succeeded, and returns jobs per second
    /// from the first job's start to the last completion's commit.
    func drain(_ count: Int) async throws -> Double {
        let probe = Probe()
        let workers = makeWorkers(handlers: [Self.noop: NoOp(probe: probe)], reserved: 0)
        return try await withWorkers(workers) {
            let finished = try await waitForDrained()
            guard let first = probe.firstStart else { throw BenchError("no job ran") }
            return Double(count) / (finished - first).timeInterval
        }
    }

    /// Enqueues one job at a time on an idle queue and measures how long until it starts.
    func idlePickup(samples: Int, inProcess: Bool) async throws -> Percentiles {
        let probe = Probe()
        let workers = makeWorkers(handlers: [Self.noop: NoOp(probe: probe)], reserved: 0)
        return try await withWorkers(workers) {
            try await pickups(samples: samples, lane: .standard, probe: probe, inProcess: inProcess)
        }
    }

    /// Fills the standard lane with `backlog` jobs, keeps every standard slot busy, then
    /// measures how long a priority job waits.
    func priorityPickupUnderBacklog(backlog: Int, samples: Int, inProcess: Bool) async throws -> Percentiles {
        _ = try await enqueue(backlog, lane: .standard, kind: Self.busy)
        let probe = Probe()
        let release = Release()
        let workers = makeWorkers(handlers: [Self.noop: NoOp(probe: probe), Self.busy: Busy(release: release)], reserved: 1)
        let result = try await withWorkers(workers) {
            // Every slot but the reserved one is on a standard job before the first sample.
            let busy = min(concurrency - 1, backlog)
            while release.holding < busy { try await Task.sleep(for: .milliseconds(10)) }
            let result = try await pickups(samples: samples, lane: .priority, probe: probe, inProcess: inProcess)
            release.open()
            return result
        }
        return result
    }

    private func pickups(samples: Int, lane: Lane, probe: Probe, inProcess: Bool) async throws -> Percentiles {
        var latencies: [Double] = []
        for _ in 0..<samples {
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...20)))
            let seen = probe.started
            let sent = ContinuousClock.now
            try await clientDatabase.transaction { db in
                _ = try await client.enqueue(NewJob(kind: Self.noop, lane: lane, payload: ""), in: db, now: WallClock.system.now)
            }
            // One process: the enqueuer rings the workers' doorbell, as the API does.
            if inProcess { queue.doorbell.ring() }
            let began = try await probe.waitForStart(after: seen)
            latencies.append((began - sent).timeInterval * 1000)
        }
        return Percentiles(latencies)
    }

    private func makeWorkers(handlers: [String: any JobHandler], reserved: Int) -> JobWorkers {
        JobWorkers(
            queue: queue,
            handlers: handlers,
            configuration: .init(concurrency: concurrency, shutdownGrace: .seconds(1), workerName: "bench", reservedPrioritySlots: reserved),
            logger: logger
        )
    }

    private func withWorkers<T: Sendable>(_ workers: JobWorkers, _ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [workers], logger: logger))
        let running = Task { try await group.run() }
        do {
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await running.value
            return value
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
    }

    /// Polls a second connection until no job waits or runs; returns when it saw that.
    private func waitForDrained() async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let done = try await clientDatabase.read { db in
                // Counts what is left, from the claim index: cheap, and cheaper as the queue drains.
                try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('waiting', 'running')").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            if done == 0 { return ContinuousClock.now }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("the queue did not drain within ten minutes")
    }
}

/// Records when no-op jobs start.
final class Probe: Sendable {
    private let state = Mutex((count: 0, first: ContinuousClock.Instant?.none, last: ContinuousClock.now))
    private let bell = Doorbell()

    var started: Int { state.withLock { $0.count } }
    var firstStart: ContinuousClock.Instant? { state.withLock { $0.first } }

    func record() {
        let now = ContinuousClock.now
        state.withLock { state in
            state.count += 1
            if state.first == nil { state.first = now }
            state.last = now
        }
        bell.ring()
    }

    /// Waits until a job starts after `seen` starts; returns when the latest one began.
    func waitForStart(after seen: Int) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let generation = bell.generation
            let (count, last) = state.withLock { ($0.count, $0.last) }
            if count > seen { return last }
            guard ContinuousClock.now < deadline else { throw BenchError("a job was not picked up within 30 s") }
            await bell.wait(since: generation, timeout: .seconds(1))
        }
    }
}

/// A job that does nothing but note that it started.
struct NoOp: JobHandler {
    let probe: Probe

    func run(_ job: ClaimedJob) async throws { probe.record() }
    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}

/// Holds standard slots until released.
final class Release: Sendable {
    private let state = Mutex((holding: 0, open: false))
    var holding: Int { state.withLock { $0.holding } }

    func open() { state.withLock { $0.open = true } }

    func hold() async throws {
        state.withLock { $0.holding += 1 }
        defer { state.withLock { $0.holding -= 1 } }
        while !state.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(20)) }
    }
}

/// A standard job that keeps its slot busy until the measurement ends.
struct Busy: JobHandler {
    let release: Release

    func run(_ job: ClaimedJob) async throws { try await release.hold() }
    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}

/// p50 and p99 of samples in milliseconds, to a tenth.
struct Percentiles {
    var p50: Double
    var p99: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let index = min(Int((fraction * Double(sorted.count)).rounded(.up)) - 1, sorted.count - 1)
            return (sorted[max(index, 0)] * 10).rounded() / 10
        }
        p50 = at(0.5)
        p99 = at(0.99)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Progress on standard error; the result alone goes to standard output.
func progress(_ text: String) {
    FileHandle.standardError.write(Data(("scriptdesk-bench: " + text + "\n").utf8))
}

extension DatabaseLocation {
    var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}
