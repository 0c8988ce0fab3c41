import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
import SQLKit
#endif

/// A `scriptdesk serve` process on a PostgreSQL server that is stopped and started again
/// under it: calls fail with 503 only while the server is away, every call succeeds once it
/// is back, no job is lost or run twice, the health answer follows the database, and SIGTERM
/// still stops the process, the database away or not.
@Suite(.serialized) struct DatabaseRestartTests {
    static let logger: Logger = {
        var logger = Logger(label: "restart-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A served ScriptDesk on its own database of `cluster`, seeded with the small board.
    struct Served: Sendable {
        var server: ChildProcess
        var port: Int
        var databaseURL: String
        var token: String

        /// One API call: the list of the centre's requests (a token lookup and a query).
        func call(_ path: String = "/api/v1/script-requests") async -> (status: Int, code: String?) {
            do {
                let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                    try await client.get(path, headers: [.authorization: "Bearer \(token)"])
                }
                let problem = response.body.flatMap { try? JSONSerialization.jsonObject(with: Data(buffer: $0)) as? [String: Any] }
                return (Int(response.head.status.code), (problem?["error"] as? [String: Any])?["code"] as? String)
            } catch {
                return (0, String(describing: error))
            }
        }
    }

    /// Seeds a database of `cluster` from this process, then serves it with `scriptdesk
    /// serve` (two worker slots, a three-second lease) until `body` ends.
    static func serve<T: Sendable>(on cluster: PostgresCluster, _ body: (Served) async throws -> T) async throws -> T {
        try await ScratchFolder.with("restart") { storage in
            let databaseURL = try cluster.server.url(of: try await cluster.server.createDatabase())
            let settings = try await Settings.resolve(.init(storage: storage, database: databaseURL), environment: [:])
            let credentials = try await Runtime.withRunning(settings, logger: logger) { try await DemoSeeder(runtime: $0, size: .small).seed() }
            let port = try LoopbackPort.unused()
            let server = try ChildProcess.start(
                [
                    TestEnvironment.scriptdeskExecutable, "serve", "--storage", storage, "--database", databaseURL, "--port", "\(port)",
                    "--workers", "2",
                ],
                environment: ["SCRIPTDESK_LEASE_SECONDS": "3", "SCRIPTDESK_LOG_LEVEL": "critical"]
            )
            do {
                try await until("the server listens", within: .seconds(120)) { LoopbackPort.accepts(port) || !server.isRunning }
                try #require(server.isRunning, "scriptdesk serve ended: \(server.errorText)")
                let served = Served(server: server, port: port, databaseURL: databaseURL, token: credentials.centres[0].examsOfficerToken)
                let value = try await body(served)
                await server.stop()
                server.discardFiles()
                return value
            } catch {
                await server.stop()
                server.discardFiles()
                throw error
            }
        }
    }

    @Test(.timeLimit(.minutes(10))) func aRestartedDatabaseFailsCallsOnlyWhileAwayAndLosesNoJob() async throws {
        try await PostgresCluster.with { cluster in
            try await Self.serve(on: cluster) { served in
                let load = Load()
                try await Database.withRunning(.postgres(url: served.databaseURL), logger: Self.logger) { database in
                    let queue = SQLJobQueue(database: database, logger: Self.logger)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { await load.call(served) }
                        group.addTask { await load.enqueue(on: database, queue: queue) }

                        try await until("calls and jobs flow", within: .seconds(60)) { load.counts.calls >= 20 && load.counts.jobs >= 20 }
                        load.mark(.stopping)
                        try await cluster.stop()
                        try await until("/healthz answers 503", within: .seconds(60)) { await served.call("/healthz").status == 503 }
                        try await until("calls fail while the database is away", within: .seconds(60)) { load.counts.failedCalls > 0 }
                        load.mark(.starting)
                        try await cluster.start()
                        try await until("/healthz answers 200", within: .seconds(60)) { await served.call("/healthz").status == 200 }
                        load.mark(.started)
                        try await until("calls and jobs flow again", within: .seconds(120)) { load.succeededSinceStart(calls: 50, jobs: 50) }
                        load.finish()
                        try await group.waitForAll()
                    }

                    // Before the stop, every call succeeded; every failure was a 503 saying the
                    // database is unavailable (never a timeout, a 500 or a hang); and once a call
                    // succeeded after the restart, none failed again.
                    let verdict = Load.Verdict(load.outcomes)
                    #expect(verdict.failedBeforeTheStop.isEmpty, "\(verdict.failedBeforeTheStop.prefix(5))")
                    #expect(verdict.failures > 0)
                    #expect(verdict.unexpectedFailures.isEmpty, "\(verdict.unexpectedFailures.prefix(5))")
                    #expect(verdict.succeededAfterTheRestart > 0)
                    #expect(verdict.failedAfterASuccessSinceTheRestart.isEmpty, "\(verdict.failedAfterASuccessSinceTheRestart.prefix(5))")

                    // Every job enqueued ran, exactly once. (An enqueue whose commit went through as
                    // the server stopped may have been reported as failed: such a job counts too.)
                    let enqueued = Set(load.enqueued)
                    let last = Mutex<[JobState: Int]>([:])
                    do {
                        try await until("every probe job has run", within: .seconds(180)) {
                            let states = (try? await Self.probeStates(on: database)) ?? [:]
                            last.withLock { $0 = states }
                            return states[.waiting, default: 0] + states[.running, default: 0] == 0
                                && states[.succeeded, default: 0] >= enqueued.count
                        }
                    } catch {
                        Issue.record("Probe jobs by state: \(last.withLock { $0 }); enqueued \(enqueued.count)")
                        throw error
                    }
                    #expect(try await Self.probeStates(on: database)[.dead] == nil)
                    let effects = try await database.read { db in
                        try await db.raw("SELECT job_id, COUNT(*) AS n FROM queue_probes GROUP BY job_id").all().map {
                            (Int64(try $0.decode(column: "job_id", as: Int.self)), try $0.decode(column: "n", as: Int.self))
                        }
                    }
                    let counts = Dictionary(uniqueKeysWithValues: effects)
                    #expect(enqueued.isSubset(of: Set(counts.keys)))
                    #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value != 1 })")
                }
                // Last, SIGTERM stops the server.
                served.server.send(SIGTERM)
                let status = try await served.server.exit(within: .seconds(60))
                #expect(status == 0, "scriptdesk serve did not stop on SIGTERM: \(served.server.errorText)")
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func sigtermStopsTheServerWhileTheDatabaseIsAway() async throws {
        try await PostgresCluster.with { cluster in
            try await Self.serve(on: cluster) { served in
                #expect(await served.call().status == 200)
                try await cluster.stop()
                try await until("/healthz answers 503", within: .seconds(60)) { await served.call("/healthz").status == 503 }
                #expect(await served.call("/livez").status == 200)
                served.server.send(SIGTERM)
                let status = try await served.server.exit(within: .seconds(60))
                #expect(status == 0, "scriptdesk serve did not stop on SIGTERM: \(served.server.errorText)")
            }
        }
    }

    /// The probe jobs by state.
    static func probeStates(on database: Database) async throws -> [JobState: Int] {
        try await database.read { db in
            var states: [JobState: Int] = [:]
            for row in try await db.raw("SELECT state, COUNT(*) AS n FROM jobs WHERE kind = \(bind: ProbeJob.kind) GROUP BY state").all() {
                guard let state = JobState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
                states[state] = try row.decode(column: "n", as: Int.self)
            }
            return states
        }
    }
}

/// Waits until `condition` holds, checking every 50 ms, or fails naming `what`.
func until(_ what: String, within limit: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestSupportError(message: "Gave up waiting: \(what).") }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// A steady load of API calls and enqueued jobs, and what became of each.
final class Load: Sendable {
    /// Where the test is: before the stop, from the stop to the start, after the start.
    enum Phase: Sendable, Equatable {
        case running
        case stopping
        case starting
        case started
    }

    /// One call and its answer: the phase it began in, and the phase when it was answered.
    struct Outcome: Sendable, CustomStringConvertible {
        var phase: Phase
        var answeredIn: Phase
        var status: Int
        var code: String?
        var description: String { "\(phase): status \(status), \(code ?? "no problem code")" }
    }

    /// What the calls came to, phase by phase.
    struct Verdict {
        var failures = 0
        var failedBeforeTheStop: [Outcome] = []
        var unexpectedFailures: [Outcome] = []
        var succeededAfterTheRestart = 0
        var failedAfterASuccessSinceTheRestart: [Outcome] = []

        init(_ outcomes: [Outcome]) {
            for outcome in outcomes {
                let failed = outcome.status != 200
                if failed {
                    failures += 1
                    if outcome.status != 503 || outcome.code != "store.unavailable" { unexpectedFailures.append(outcome) }
                    // Answered before the stop began: a call still in flight as the database
                    // went away may fail, as any call may while it is away.
                    if outcome.answeredIn == .running { failedBeforeTheStop.append(outcome) }
                }
                guard outcome.phase == .started else { continue }
                if failed, succeededAfterTheRestart > 0 { failedAfterASuccessSinceTheRestart.append(outcome) }
                if !failed { succeededAfterTheRestart += 1 }
            }
        }
    }

    private struct State {
        var phase = Phase.running
        var outcomes: [Outcome] = []
        var enqueued: [Int64] = []
        var jobsSinceStart = 0
        var finished = false
    }

    private let state = Mutex(State())

    var outcomes: [Outcome] { state.withLock { $0.outcomes } }
    var enqueued: [Int64] { state.withLock { $0.enqueued } }
    var counts: (calls: Int, failedCalls: Int, jobs: Int) {
        state.withLock { ($0.outcomes.count, $0.outcomes.count { $0.status != 200 }, $0.enqueued.count) }
    }

    func mark(_ phase: Phase) { state.withLock { $0.phase = phase } }
    func finish() { state.withLock { $0.finished = true } }
    private var finished: Bool { state.withLock { $0.finished } }

    /// Whether `calls` calls and `jobs` enqueues have succeeded since the server came back.
    func succeededSinceStart(calls: Int, jobs: Int) -> Bool {
        state.withLock { state in
            state.outcomes.reversed().prefix { $0.phase == .started }.count { $0.status == 200 } >= calls && state.jobsSinceStart >= jobs
        }
    }

    /// Calls the API every 20 ms until finished.
    func call(_ served: DatabaseRestartTests.Served) async {
        while !finished {
            let phase = state.withLock { $0.phase }
            let (status, code) = await served.call()
            state.withLock { $0.outcomes.append(Outcome(phase: phase, answeredIn: $0.phase, status: status, code: code)) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Enqueues a probe job every 20 ms until finished; a job whose transaction failed (the
    /// database away) was never enqueued.
    func enqueue(on database: Database, queue: SQLJobQueue) async {
        while !finished {
            let job = NewJob(kind: ProbeJob.kind, lane: .standard, payload: "0", maxAttempts: 100)
            if let id = try? await database.transaction({ try await queue.enqueue(job, in: $0, now: WallClock.system.now) }) {
                state.withLock { state in
                    state.enqueued.append(id)
                    if state.phase == .started { state.jobsSinceStart += 1 }
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
