import ArgumentParser
import Foundation
import Logging
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStore

/// `scriptdesk-bench web-fixture`: one large centre for timing the results and requests
/// pages. The demo board's series and components, one centre with `--candidates`
/// candidates and their results and scripts (no scanned pages are drawn), `--requests`
/// script requests of that centre in a spread of statuses and kinds over the last weeks
/// (rows only, no jobs), and an exams officer who signs in with a known password. Rows go
/// in through the repositories in batched transactions. For the operations console, a
/// queue of `--finished-jobs` finished and `--waiting-jobs` waiting jobs with the last
/// hour's per-minute counts (multi-row INSERTs, see `seedQueue`), and an operations person
/// with a known password. Prints one JSON object with both sign-ins and the counts each
/// page's last page is worked out from.
struct WebFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web-fixture",
        abstract:
            "Seed one large centre (results and script requests) and its exams officer, a large queue and an operations person; print the sign-ins and counts as JSON."
    )

    @Option(help: "The ScriptDesk storage folder (made if missing; `scriptdesk serve --storage` serves it afterwards).")
    var storage: String

    @Option(help: "postgres://… (a fresh database); the storage folder's SQLite file if omitted.")
    var database: String?

    @Option(help: "Candidates at the centre (1 to 9,999); each has results in two components.")
    var candidates = 2_000

    @Option(help: "Script requests of the centre.")
    var requests = 20_000

    @Option(help: "Finished jobs in the queue (mostly succeeded, some dead or cancelled), over the last two weeks.")
    var finishedJobs = 1_000_000

    @Option(help: "Jobs waiting in the queue, due over the last ten minutes.")
    var waitingJobs = 100_000

    @Option(help: "Rows per transaction for the centre's rows (the queue's go 10,000 to a transaction).")
    var batch = 1_000

    /// The exams officer's user name and password.
    static let username = "bench-officer"
    static let password = "bench-web-page-timing"

    /// The operations person's user name and password.
    static let operationsUsername = "bench-operations"
    static let operationsPassword = "bench-console-page-timing"

    func run() async throws {
        var logger = Logger(label: "scriptdesk-bench")
        logger.logLevel = .warning
        let settings = try await Settings.resolve(.init(storage: storage, database: database, workers: 0), environment: [:])
        let summary = try await Runtime.withRunning(settings, logger: logger) { runtime in
            let board = try DemoBoard(
                size: .init(centres: 1, candidatesPerCentre: candidates),
                seededAt: runtime.clock.now,
                archiveRoot: settings.storage.archive
            )
            guard let centre = board.centres.first, !board.scripts.isEmpty else { throw BenchError("The board has no centre or no scripts.") }
            try await seedReference(board, database: runtime.database)
            progress("adding the exams officer \(Self.username)")
            let officer = try await runtime.people.add(
                username: Self.username,
                name: "Bench exams officer",
                role: .examsOfficer,
                centre: centre.number,
                password: Self.password,
                by: .commandLine
            )
            let made = Self.requests(requests, of: board, by: officer.user.id, now: runtime.clock.now)
            try await inBatches(made, what: "script requests", database: runtime.database) { request, db in
                try await ScriptRequests().insert(request, event: RequestEvent(at: request.createdAt, status: .queued, detail: "Requested"), on: db)
            }
            progress("adding the operations person \(Self.operationsUsername)")
            _ = try await runtime.people.add(
                username: Self.operationsUsername,
                name: "Bench operations",
                role: .operations,
                centre: nil,
                password: Self.operationsPassword,
                by: .commandLine
            )
            let jobIDs = try await seedQueue(
                finished: finishedJobs,
                waiting: waitingJobs,
                board: board,
                now: runtime.clock.now,
                database: runtime.database
            )
            var counts: [String: JSONValue] = [:]
            for (status, n) in Dictionary(grouping: made, by: \.status).mapValues(\.count) { counts[status.rawValue] = .number(Double(n)) }
            // The pages are of the current series; the earlier one's results are history.
            let paged = board.results.filter { $0.series == board.series.code }
            var components: [String: JSONValue] = [:]
            for (code, n) in Dictionary(grouping: paged, by: \.component).mapValues(\.count) { components[code] = .number(Double(n)) }
            return JSONValue.object([
                "username": .string(Self.username),
                "password": .string(Self.password),
                "centre": .string(centre.number.rawValue),
                "series": .string(board.series.code),
                "candidates": .number(Double(board.candidates.count)),
                "results": .number(Double(paged.count)),
                "results_by_component": .object(components),
                "requests": .number(Double(made.count)),
                "requests_by_status": .object(counts),
                "operations_username": .string(Self.operationsUsername),
                "operations_password": .string(Self.operationsPassword),
                "finished_jobs": .number(Double(finishedJobs)),
                "waiting_jobs": .number(Double(waitingJobs)),
                "first_job_id": .number(Double(jobIDs.first)),
                "last_job_id": .number(Double(jobIDs.last)),
                "dead_error_code": .string(Self.commonestDeathCode),
            ])
        }
        print(summary.text)
    }

    private func seedReference(_ board: DemoBoard, database: Database) async throws {
        let reference = ReferenceData()
        progress("saving both series, \(board.components.count) components, \(board.subjects.count) subjects and the centre")
        try await database.transaction { try await board.saveCatalogue(on: $0) }
        try await inBatches(board.candidates, what: "candidates", database: database) { try await reference.save($0, on: $1) }
        try await inBatches(board.results, what: "results", database: database) { try await reference.save($0, on: $1) }
        try await inBatches(board.scripts, what: "scripts", database: database) { try await reference.save($0, on: $1) }
    }

    /// Saves `items` `batch` to a transaction, with progress at each commit.
    private func inBatches<Item: Sendable>(
        _ items: [Item],
        what: String,
        database: Database,
        _ save: @escaping @Sendable (Item, StoreConnection) async throws -> Void
    ) async throws {
        var start = 0
        while start < items.count {
            let slice = Array(items[start..<min(start + batch, items.count)])
            try await database.transaction { db in
                for item in slice { try await save(item, db) }
            }
            start += slice.count
            progress("\(what): \(start) of \(items.count)")
        }
    }

    /// `count` requests for the board's scripts, newest last, one a minute or so back from
    /// `now`: mostly downloaded or ready, some expired, failed, queued or processing; priority
    /// and teaching copies mixed. The same every run.
    static func requests(_ count: Int, of board: DemoBoard, by userID: String, now: Date) -> [ScriptRequest] {
        let statuses: [(ScriptRequestStatus, Int)] = [(.downloaded, 50), (.ready, 20), (.expired, 15), (.failed, 5), (.queued, 5), (.processing, 5)]
        let wheel = statuses.flatMap { Array(repeating: $0.0, count: $0.1) }
        return (0..<count).map { index in
            let script = board.scripts[(index * 7919) % board.scripts.count]
            let createdAt = now - Double(count - index) * 60
            return ScriptRequest(
                id: UUID().uuidString.lowercased(),
                series: script.series,
                centre: script.centre,
                candidate: script.candidate,
                component: script.component,
                kind: index % 5 < 2 ? .priority : .nonPriority,
                consent: ConsentRecord(candidateAgreed: true, obtainedAt: createdAt - 3600, identify: index % 4 != 0),
                requestedBy: userID,
                status: wheel[(index * 37) % wheel.count],
                createdAt: createdAt,
                updatedAt: createdAt
            )
        }
    }
}
