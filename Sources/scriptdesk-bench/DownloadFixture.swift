import ArgumentParser
import Foundation
import Logging
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskDemo
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore
import ServiceLifecycle

/// `scriptdesk-bench download-fixture`: two ready script requests with signed links in a
/// ScriptDesk storage folder, made the way production makes them. The small demo board is
/// seeded, two held scripts' archive folders are redrawn with enough 200-dpi pages to reach
/// each size, both are requested through the intake as an exams officer would, and the
/// pipeline's own workers fetch, build, check and publish them. Prints one JSON object with
/// each copy's `/d/{token}` path, byte count and published file.
struct DownloadFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download-fixture",
        abstract: "Make a large and a small ready copy with signed links in a storage folder; print their download paths as JSON."
    )

    @Option(help: "The ScriptDesk storage folder (made if missing; `scriptdesk serve --storage` serves it afterwards).")
    var storage: String

    @Option(help: "The scriptdesk executable that checks each copy in a child process, as production does (in process if omitted).")
    var checker: String?

    @Option(help: "Bytes the large copy should reach.")
    var largeBytes = 5 * 1024 * 1024

    @Option(help: "Bytes the small copy should stay within.")
    var smallBytes = 200 * 1024

    func run() async throws {
        var logger = Logger(label: "scriptdesk-bench")
        logger.logLevel = .warning
        let settings = try await Settings.resolve(.init(storage: storage, workers: 2, checker: checker), environment: [:])
        let copies = try await Runtime.withRunning(settings, logger: logger) { runtime in
            progress("seeding the small demo board in \(settings.storage.root)")
            _ = try await DemoSeeder(runtime: runtime, size: .small).seed()
            let (large, small) = try await heldScripts(runtime)
            progress("drawing the archive of the large copy (at least \(largeBytes) bytes)")
            let largePages = try Self.redraw(large.script, filling: largeBytes, atMost: false)
            progress("drawing the archive of the small copy (at most \(smallBytes) bytes)")
            let smallPages = try Self.redraw(small.script, filling: smallBytes, atMost: true)
            var ids: [String] = []
            for target in [large, small] {
                let submission = Self.submission(for: target.script, now: runtime.clock.now)
                ids.append(try await runtime.intake.submit(submission, by: Caller(target.officer)).request.id)
            }
            progress("requested \(largePages) and \(smallPages) scanned pages; the workers produce both copies")
            try await Self.produce(ids, runtime: runtime, logger: logger)
            var copies: [String: JSONValue] = [:]
            for (name, id) in zip(["large", "small"], ids) {
                copies[name] = try await Self.describe(id, runtime: runtime)
            }
            return copies
        }
        print(JSONValue.object(copies).text)
    }

    /// A held script to request, and the exams officer of its centre.
    struct Target {
        var script: Script
        var officer: User
    }

    /// Two held scripts of a qualification with priority copies, at any centre of the board.
    private func heldScripts(_ runtime: Runtime) async throws -> (Target, Target) {
        let reference = ReferenceData()
        let targets = try await runtime.database.read { db in
            var found: [Target] = []
            for centre in try await reference.centres(on: db) {
                let listing = try await reference.results(series: DemoBoard.seriesCode, centre: centre.number, page: Page(limit: 500), on: db)
                for item in listing.items where item.component.qualification == .gce && item.scriptPageCount != nil {
                    let result = item.result
                    guard
                        let script = try await reference.script(
                            series: result.series,
                            centre: result.centre,
                            candidate: result.candidate,
                            component: result.component,
                            on: db
                        )
                    else { continue }
                    let officer = User(id: "eo-\(centre.number)", name: "Exams officer", role: .examsOfficer, centre: centre.number)
                    found.append(Target(script: script, officer: officer))
                }
            }
            return found
        }
        guard targets.count >= 2 else { throw BenchError("The demo board holds fewer than two GCE scripts.") }
        return (targets[0], targets[1])
    }

    /// Replaces the script's archive folder with 200-dpi pages: as many as reach `bytes`, or,
    /// `atMost`, one page drawn coarse enough that the copy stays within `bytes`. Returns the
    /// page count.
    private static func redraw(_ script: Script, filling bytes: Int, atMost: Bool) throws -> Int {
        guard let folder = URL(string: script.location)?.path else { throw BenchError("Bad archive location \(script.location)") }
        // The cover sheet, its font and the PDF's structure, as measured on copies of this board.
        let overhead = 40 * 1024
        var images: [Data] = []
        if atMost {
            for dpi in stride(from: 200, through: 50, by: -5) {
                let page = try ScannedPagePainter(dotsPerInch: dpi, quality: 75).jpeg(componentCode: script.component, page: 1, of: 1, seed: "small")
                images = [page]
                if page.count + overhead <= bytes { break }
            }
        } else {
            let painter = ScannedPagePainter(dotsPerInch: 200, quality: 75)
            var total = overhead
            while total < bytes {
                let page = try painter.jpeg(componentCode: script.component, page: images.count + 1, of: 99, seed: "large-\(images.count)")
                images.append(page)
                total += page.count
            }
        }
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var pages: [ArchiveManifest.Page] = []
        for (index, image) in images.enumerated() {
            let name = String(format: "page-%03d.jpg", index + 1)
            try image.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
            pages.append(.init(file: name, bytes: Int64(image.count), sha256: ContentHash.sha256(image)))
        }
        try JSONEncoder().encode(ArchiveManifest(pages: pages)).write(to: URL(fileURLWithPath: "\(folder)/manifest.json"), options: .atomic)
        return images.count
    }

    private static func submission(for script: Script, now: Date) -> ScriptRequestSubmission {
        ScriptRequestSubmission(
            series: script.series,
            component: script.component,
            candidate: script.candidate.rawValue,
            kind: .priority,
            consent: ConsentRecord(candidateAgreed: true, obtainedAt: now - 3600, identify: true)
        )
    }

    /// Runs the pipeline's workers until every request is ready; a failed one stops it.
    private static func produce(_ ids: [String], runtime: Runtime, logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(services: [runtime.workers(concurrency: 2)], logger: logger))
        let running = Task { try await group.run() }
        defer { running.cancel() }
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            var requests: [ScriptRequest] = []
            for id in ids { requests.append(try await runtime.tracking.details(of: id, for: .commandLine).request) }
            if let failed = requests.first(where: { $0.status == .failed }) {
                throw BenchError("Request \(failed.id) failed: \(failed.failure?.message ?? "no reason given")")
            }
            if requests.count == ids.count, requests.allSatisfy({ $0.status == .ready }) { break }
            guard ContinuousClock.now < deadline else { throw BenchError("The copies were not ready within 300 s.") }
            try await Task.sleep(for: .milliseconds(100))
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }

    /// The request's download path, size and published file.
    private static func describe(_ id: String, runtime: Runtime) async throws -> JSONValue {
        let details = try await runtime.tracking.details(of: id, for: .commandLine)
        guard let copy = details.request.copy, let offer = details.offer else { throw BenchError("Request \(id) has no published copy and link.") }
        let token = offer.token
        return .object([
            "request": .string(id),
            "path": .string("/d/\(token)"),
            "bytes": .number(Double(copy.byteCount)),
            "pages": .number(Double(copy.pageCount)),
            "file": .string("\(runtime.settings.storage.published)/\(try StoredObject.key(of: copy.objectID))"),
            "sha256": .string(copy.sha256),
        ])
    }
}
