import ArgumentParser
import Foundation
import Logging
import SQLKit
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStore
import ServiceLifecycle

/// `scriptdesk-bench statements`: a results-day run of statements of results. The demo
/// board's series, components and subjects, `--candidates` candidates over five centres with
/// their results, and one statement job each in the standard lane; then the workers draw,
/// check (in child processes, as copies are checked) and publish every statement, timed from
/// the first claim to the last publication. Prints one JSON object.
struct StatementBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Make, check and publish a statement of results for every candidate through the queue; print statements/s as JSON."
    )

    @Option(help: "A scratch ScriptDesk storage folder (made if missing).")
    var storage: String

    @Option(help: "The scriptdesk executable that runs each check in a child process; checks run in this process if omitted.")
    var checker: String?

    @Option(help: "Candidates, spread over five centres (5 to 49,995; rounded up to a multiple of five).")
    var candidates = 10_000

    @Option(help: "Worker slots.")
    var concurrency = 4

    func run() async throws {
        var logger = Logger(label: "scriptdesk-bench")
        logger.logLevel = .warning
        let settings = try await Settings.resolve(.init(storage: storage, workers: 0, checker: checker), environment: [:])
        let report = try await Runtime.withRunning(settings, logger: logger) { runtime in
            let centres = 5
            let board = try DemoBoard(
                size: .init(centres: centres, candidatesPerCentre: (candidates + centres - 1) / centres),
                seededAt: runtime.clock.now,
                archiveRoot: settings.storage.archive
            )
            try await seed(board, database: runtime.database)
            progress("enqueueing the statement of every candidate")
            let total = try await runtime.statements.issue(series: board.series.code, by: .commandLine)
            progress("drawing, checking and publishing with \(concurrency) worker slots")
            let group = ServiceGroup(configuration: .init(services: [runtime.workers(concurrency: concurrency)], logger: logger))
            let running = Task { try await group.run() }
            let clock = ContinuousClock()
            let began = clock.now
            var published = 0
            var lastReport = began
            while published < total {
                try await Task.sleep(for: .milliseconds(100))
                published = try await runtime.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM statements WHERE status = 'published'").first()?.decode(column: "n", as: Int.self)
                        ?? 0
                }
                if clock.now - lastReport > .seconds(5) {
                    lastReport = clock.now
                    progress("\(published) of \(total) published")
                }
                guard clock.now - began < .seconds(1_800) else { throw BenchError("The statements were not all published within 30 minutes.") }
            }
            let elapsed = clock.now - began
            await group.triggerGracefulShutdown()
            try await running.value
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let bytes = try await runtime.database.read { db in
                try await db.raw("SELECT AVG(byte_count) AS b, AVG(page_count) AS p FROM statements").first()
            }
            return JSONValue.object([
                "statements": .number(Double(total)),
                "seconds": .number(seconds),
                "statements_per_s": .number(Double(total) / seconds),
                "concurrency": .number(Double(concurrency)),
                "mean_bytes": .number((try? bytes?.decode(column: "b", as: Double.self)) ?? 0),
                "mean_pages": .number((try? bytes?.decode(column: "p", as: Double.self)) ?? 0),
            ])
        }
        print(report.text)
    }

    /// The board's series, components, subjects, centres, candidates and results, a
    /// thousand rows to a transaction.
    private func seed(_ board: DemoBoard, database: Database) async throws {
        let reference = ReferenceData()
        progress("saving \(board.candidates.count) candidates and \(board.results.count) results")
        try await database.transaction { db in
            for series in [board.earlierSeries, board.series] { try await reference.save(series, on: db) }
            for component in board.components { try await reference.save(component, on: db) }
            for subject in board.subjects { try await Subjects().save(subject, on: db) }
            for centre in board.centres { try await reference.save(centre, on: db) }
        }
        for start in stride(from: 0, to: board.candidates.count, by: 1_000) {
            let slice = board.candidates[start..<min(start + 1_000, board.candidates.count)]
            try await database.transaction { db in for candidate in slice { try await reference.save(candidate, on: db) } }
        }
        for start in stride(from: 0, to: board.results.count, by: 1_000) {
            let slice = board.results[start..<min(start + 1_000, board.results.count)]
            try await database.transaction { db in for result in slice { try await reference.save(result, on: db) } }
        }
    }
}
