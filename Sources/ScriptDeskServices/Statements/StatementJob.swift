import Foundation
import NIOPosix
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskPDF
public import ScriptDeskQueue
public import ScriptDeskStore

/// The job that makes one statement of results: reserves its revision number, draws the
/// PDF (`StatementPDFBuilder`), checks it with the same check as script copies, publishes it
/// to the download area and records it. The statement bears the date it was reserved, so a
/// retry draws the same bytes and publishes the same object.
public struct StatementJob: JobHandler {
    let database: Database
    let checks: PDFCheckRunner
    let downloadArea: any DownloadArea
    let stagingRoot: String
    let awardingBody: String
    let clock: WallClock
    private let statements = Statements()

    /// Makes statements from `database`, checked by `checks`, published to `downloadArea`,
    /// drawn in folders under `stagingRoot`, headed with `awardingBody`.
    public init(
        database: Database,
        checks: PDFCheckRunner,
        downloadArea: any DownloadArea,
        stagingRoot: String,
        awardingBody: String = StatementSheetMaker.defaultAwardingBody,
        clock: WallClock
    ) {
        self.database = database
        self.checks = checks
        self.downloadArea = downloadArea
        self.stagingRoot = stagingRoot
        self.awardingBody = awardingBody
        self.clock = clock
    }

    /// Makes the job's statement, or leaves it when it is published already.
    public func run(_ job: ClaimedJob) async throws {
        guard let payload = try? JSONDecoder().decode(StatementIssue.Payload.self, from: Data(job.payload.utf8)),
            let centre = CentreNumber(payload.centre), let candidate = CandidateNumber(payload.candidate)
        else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload does not name a candidate's statement.", isTransient: false)
        }
        let now = clock.now
        let reserved = try await database.transaction { db -> Statement?? in
            // The statement as issued is only ever the first: once another cause has made one,
            // that one states the results as they stand, and nothing is issued after it.
            if payload.cause == .issued,
                try await !statements.revisions(series: payload.series, centre: centre, candidate: candidate, on: db)
                    .filter({ $0.cause != .issued }).isEmpty
            {
                return Statement??.none
            }
            return try await statements.reserve(
                series: payload.series,
                centre: centre,
                candidate: candidate,
                cause: payload.cause,
                causeID: payload.causeID,
                at: now,
                on: db
            )
        }
        // `nil`: nothing to issue; `.some(nil)`: another statement took the number just now.
        guard let reservation = reserved else { return }
        guard let statement = reservation else {
            throw JobFailure(
                code: "statement.busy",
                message: "Another statement for the candidate took the same number; trying again.",
                isTransient: true
            )
        }
        guard statement.published == nil else { return }
        let maker = StatementSheetMaker(awardingBody: awardingBody)
        let sheet = try await database.read { db in try await maker.sheet(for: statement, on: db) }
        let published = try await produce(sheet, named: "\(statement.id)-\(job.leaseToken.prefix(8))")
        try await database.transaction { db in try await statements.publish(statement.id, published, on: db) }
    }

    /// Draws, checks and publishes `sheet`, working in a folder of its own.
    func produce(_ sheet: StatementSheet, named name: String) async throws -> Statement.Published {
        let staging = "\(stagingRoot)/statement-\(name)"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let path = "\(staging)/statement.pdf"
        let checks = self.checks
        let (report, sha256) = try await NIOThreadPool.singleton.runIfActive { () throws -> (PDFCheckReport, String) in
            let bytes: Data
            do throws(StatementPDFError) {
                bytes = try StatementPDFBuilder.build(sheet)
            } catch {
                throw JobFailure(code: error.code, message: error.message, isTransient: false)
            }
            try bytes.write(to: URL(fileURLWithPath: path))
            return (checks.inspect(fileAt: path), try ContentHash.sha256(fileAt: path))
        }
        if let fatal = report.firstFatal { throw JobFailure.check(fatal) }
        let stored: StoredObject
        do {
            stored = try await downloadArea.publish(fileAt: path, sha256: sha256, as: .pdf)
        } catch let error as DownloadAreaError {
            throw JobFailure.delivery(error)
        }
        return Statement.Published(
            objectID: stored.objectID,
            sha256: sha256,
            byteCount: stored.byteCount,
            pageCount: report.pageCount,
            publishedAt: clock.now
        )
    }

    /// Nothing waits on a statement: the dead job is on the console, and the last published
    /// statement stays offered.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}
