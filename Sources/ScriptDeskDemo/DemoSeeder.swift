import Foundation
import Logging
import NIOPosix
public import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskServices
public import ScriptDeskStore

/// Seeds the demo board into a runtime's database and archive, once. Running it again
/// keeps the data and only remakes the credentials file if it was removed.
public struct DemoSeeder: Sendable {
    /// Progress of a long step, for the command line to show.
    public struct Progress: Sendable {
        /// What is being done.
        public var step: String
        /// How many items are done.
        public var done: Int
        /// How many items there are.
        public var total: Int
    }

    let runtime: Runtime
    let size: DemoBoard.Size
    let people: Bool
    let painter = ScannedPagePainter(dotsPerInch: 150, quality: 70)

    /// A seeder of a board of `size` into `runtime`'s database and archive; with `people`,
    /// its users also sign in to the pages, each with a generated password.
    public init(runtime: Runtime, size: DemoBoard.Size = .standard, people: Bool = true) {
        self.runtime = runtime
        self.size = size
        self.people = people
    }

    /// Seeds unless already seeded; returns the credentials.
    public func seed(progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> DemoCredentials {
        let reference = ReferenceData()
        let seeded = try await runtime.database.read { try await reference.series(DemoBoard.seriesCode, on: $0) } != nil
        if !seeded {
            let board = try DemoBoard(size: size, seededAt: runtime.clock.now, archiveRoot: runtime.settings.storage.archive)
            try await paintArchive(of: board, progress: progress)
            try await save(board)
            runtime.logger.info("Demo board seeded", metadata: ["scriptdesk.demo.scripts": "\(board.scripts.count)"])
        }
        let path = runtime.settings.storage.demoCredentials
        if seeded, let existing = DemoCredentials.load(from: path), existing.operations != nil || !people { return existing }
        var credentials = try await issueTokens()
        if people { try await addPeople(to: &credentials) }
        try credentials.write(to: path)
        return credentials
    }

    private func save(_ board: DemoBoard) async throws {
        let reference = ReferenceData()
        try await runtime.database.transaction { db in
            try await board.saveCatalogue(on: db)
            for candidate in board.candidates { try await reference.save(candidate, on: db) }
            for result in board.results { try await reference.save(result, on: db) }
            for script in board.scripts { try await reference.save(script, on: db) }
            try await saveDecided(board.decidedEnquiries, on: db)
        }
    }

    /// Records enquiries already decided, each with its timeline, and revises the result of
    /// each whose outcome changed it.
    private func saveDecided(_ decided: [Enquiry], on db: StoreConnection) async throws {
        let enquiries = Enquiries()
        for enquiry in decided {
            guard let outcome = enquiry.outcome, let candidate = enquiry.candidate else { continue }
            var received = enquiry
            received.status = .received
            received.outcome = nil
            let event = EnquiryEvent.received(enquiry.service, at: enquiry.receivedAt, dueAt: enquiry.dueAt)
            _ = try await enquiries.insert(received, event: event, on: db)
            _ = try await enquiries.decide(enquiry.id, outcome: outcome, event: .decided(outcome, as: "Outcome"), on: db)
            let key = ResultKey(series: enquiry.series, centre: enquiry.centre, candidate: candidate, component: enquiry.component)
            try await ResultHistory().revise(key, to: outcome, cause: .enquiry, causeID: enquiry.id, on: db)
        }
    }

    /// Draws every script's pages into the archive, two scripts at a time on the thread
    /// pool; a script whose manifest exists is already complete and is skipped.
    private func paintArchive(of board: DemoBoard, progress: @escaping @Sendable (Progress) -> Void) async throws {
        let total = board.scripts.count
        let width = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        var done = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = board.scripts.makeIterator()
            for _ in 0..<width {
                guard let script = pending.next() else { break }
                group.addTask { try await paint(script) }
            }
            while try await group.next() != nil {
                done += 1
                if done == total || done % max(total / 20, 1) == 0 {
                    progress(Progress(step: "Drawing scanned scripts", done: done, total: total))
                }
                if let script = pending.next() {
                    group.addTask { try await paint(script) }
                }
            }
        }
    }

    private func paint(_ script: Script) async throws {
        guard let folder = URL(string: script.location)?.path else {
            throw DemoError(message: "The demo board's archive location \(script.location) is not a file URL.")
        }
        let manifestPath = "\(folder)/manifest.json"
        guard !FileManager.default.fileExists(atPath: manifestPath) else { return }
        let painter = self.painter
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var pages: [ArchiveManifest.Page] = []
            for page in 1...script.pageCount {
                let seed = "\(script.series)/\(script.component)/\(script.centre)/\(script.candidate)"
                let jpeg = try painter.jpeg(componentCode: script.component, page: page, of: script.pageCount, seed: seed)
                let name = String(format: "page-%02d.jpg", page)
                try jpeg.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
                pages.append(.init(file: name, bytes: Int64(jpeg.count), sha256: ContentHash.sha256(jpeg)))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // The manifest is written last and atomically: its presence means the script is whole.
            try encoder.encode(ArchiveManifest(pages: pages)).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        }
    }
}

/// The demo board could not be laid out.
public struct DemoError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

extension DemoBoard {
    /// Saves what the board's results stand on: its centres, components and subjects, and
    /// both its series with their grade boundaries.
    public func saveCatalogue(on db: StoreConnection) async throws {
        let reference = ReferenceData()
        for centre in centres { try await reference.save(centre, on: db) }
        for component in components { try await reference.save(component, on: db) }
        let subjects = Subjects()
        for subject in self.subjects { try await subjects.save(subject, on: db) }
        let history = ResultHistory()
        for series in [earlierSeries, series] {
            try await reference.save(series, on: db)
            for component in components {
                try await history.save(Self.boundaries(of: component), series: series.code, component: component.code, on: db)
            }
            for subject in self.subjects {
                try await subjects.save(Self.boundaries(of: subject), series: series.code, subject: subject.code, on: db)
            }
        }
    }
}
