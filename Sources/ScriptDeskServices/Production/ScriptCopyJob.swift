import Foundation
public import Logging
public import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
public import ScriptDeskQueue
public import ScriptDeskStore

/// Turns one script request into a checked, published PDF with a signed download link:
/// fetch → build → check → publish → link. Every stage can run again: each run works in
/// its own staging folder, the same inputs give the same bytes, and only the run that still
/// holds the job's lease may mark the request ready.
public struct ScriptCopyJob: JobHandler {
    /// The job kind in the queue.
    public static let kind = "script-copy"

    /// The job's input.
    public struct Payload: Codable, Sendable {
        /// The request to make the copy of.
        public var requestID: String

        /// The input for request `requestID`.
        public init(requestID: String) {
            self.requestID = requestID
        }
    }

    /// The queue entry that makes the copy of `request`, not before `notBefore`.
    static func job(for request: ScriptRequest, notBefore: Date?) throws -> NewJob {
        NewJob(
            kind: kind,
            lane: request.kind == .priority ? .priority : .standard,
            payload: String(decoding: try JSONEncoder().encode(Payload(requestID: request.id)), as: UTF8.self),
            uniqueKey: "script-copy:\(request.id)",
            runAt: notBefore,
            about: JobSubject(
                requestID: request.id,
                centre: request.centre.rawValue,
                candidate: request.candidate.rawValue,
                component: request.component
            )
        )
    }

    let database: Database
    let queue: any JobQueue
    let producer: CopyProducer
    let links: LinkService
    /// Work in progress, one folder per run.
    let stagingRoot: String
    /// Rung whenever a request's status changes in this process, for callers that wait.
    let statusChanges: Doorbell
    let clock: WallClock
    let logger: Logger
    private let requests = ScriptRequests()

    /// Reads and marks requests in `database`, checks its lease on `queue`, produces with
    /// `producer`, stores the link through `links`, and works in a folder per run under
    /// `stagingRoot`; `statusChanges` is rung at each status change.
    public init(
        database: Database,
        queue: any JobQueue,
        producer: CopyProducer,
        links: LinkService,
        stagingRoot: String,
        statusChanges: Doorbell,
        clock: WallClock,
        logger: Logger
    ) {
        self.database = database
        self.queue = queue
        self.producer = producer
        self.links = links
        self.stagingRoot = stagingRoot
        self.statusChanges = statusChanges
        self.clock = clock
        self.logger = logger
    }

    /// Produces the copy of the payload's request and marks it ready with a new link, if the
    /// run still holds the lease; a request already settled is left as it is. Its errors are
    /// classified, so the queue knows whether another attempt may help.
    public func run(_ job: ClaimedJob) async throws {
        let payload = try Self.payload(of: job.payload)
        var logger = logger
        logger[metadataKey: "scriptdesk.request.id"] = "\(payload.requestID)"
        logger[metadataKey: "scriptdesk.job.id"] = "\(job.id)"
        guard let request = try await database.read({ try await requests.find(payload.requestID, scope: .everyCentre, on: $0) }) else {
            throw JobFailure.missing("Request \(payload.requestID)")
        }
        guard request.status.isLive else {
            logger.info("Request already settled; nothing to do")
            return
        }
        let sources = try await loadSources(of: request)
        try await record(request.id, .processing, "Fetching \(sources.script.pageCount) scanned pages (attempt \(job.attempt))")
        // One folder per run: a stale run still finishing cannot touch the current run's files.
        let staging = "\(stagingRoot)/\(request.id)-\(job.leaseToken.prefix(8))"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }

        // The series' template says where the archive holds the script now.
        let location = try sources.series.archiveFolderURL(component: request.component, centre: request.centre, candidate: request.candidate)
        var random = SystemRandomNumberGenerator()
        let anonymousReference = request.isAnonymised ? AnonymousReference.make(using: &random) : nil
        let produced = try await producer.produce(from: location, staging: staging) { pageCount in
            CoverSheet(request: request, sources: sources, pageCount: pageCount, anonymousReference: anonymousReference)
        }
        if !produced.notices.isEmpty {
            logger.warning(
                "Script copy has findings for operations",
                metadata: ["scriptdesk.pdf.findings": "\(produced.notices.map { "\($0.code) page \($0.page ?? 0)" }.joined(separator: ", "))"]
            )
        }
        try await publishLink(for: request, job: job, produced: produced, anonymousReference: anonymousReference)
        logger.info(
            "Script copy ready",
            metadata: [
                "scriptdesk.pdf.pages": "\(produced.pages)", "scriptdesk.pdf.bytes": "\(produced.stored.byteCount)",
                "scriptdesk.pdf.fetch_ms": "\(produced.timings.fetch.wholeMilliseconds)",
                "scriptdesk.pdf.build_ms": "\(produced.timings.build.wholeMilliseconds)",
                "scriptdesk.pdf.check_ms": "\(produced.timings.check.wholeMilliseconds)",
            ]
        )
    }

    /// Marks the request failed with the failure's code and its public message, and rings
    /// `statusChanges` once that commits.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {
        guard let payload = try? Self.payload(of: job.payload) else { return }
        let event = RequestEvent(at: clock.now, status: .failed, detail: PublicFailure.message(for: failure.code))
        let reason = ScriptRequest.Failure(code: failure.code, message: PublicFailure.message(for: failure.code))
        try await requests.markFailed(payload.requestID, failure: reason, event: event, on: transaction)
        transaction.afterCommit { [statusChanges] in statusChanges.ring() }
    }

    /// A retry reopens a failed request unless the centre has asked again since; a cancel
    /// fails a live request with a message saying operations stopped it.
    public func jobControlled(_ job: JobRecord, action: JobControl, in db: StoreConnection) async throws {
        guard let payload = try? Self.payload(of: job.payload),
            let request = try await requests.find(payload.requestID, scope: .everyCentre, on: db)
        else { return }
        let now = clock.now
        switch action {
        case .retry:
            guard request.status == .failed else { break }
            if let again = try await requests.live(matching: request, on: db) {
                throw JobControlRefused("Request \(request.id) was asked for again as \(again.id), which is still in progress.")
            }
            try await requests.reopen(request.id, event: RequestEvent(at: now, status: .queued, detail: "Operations are trying again"), on: db)
        case .cancel:
            let code = "job.cancelled"
            let reason = ScriptRequest.Failure(code: code, message: PublicFailure.message(for: code))
            try await requests.markFailed(request.id, failure: reason, event: RequestEvent(at: now, status: .failed, detail: reason.message), on: db)
        }
        db.afterCommit { [statusChanges] in statusChanges.ring() }
    }

    static func payload(of text: String) throws -> Payload {
        do {
            return try JSONDecoder().decode(Payload.self, from: Data(text.utf8))
        } catch {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload is not a script-copy payload.", isTransient: false)
        }
    }

    private func record(_ id: String, _ status: ScriptRequestStatus, _ detail: String) async throws {
        let event = RequestEvent(at: clock.now, status: status, detail: detail)
        try await database.transaction { try await requests.record(event, for: id, from: ScriptRequests.live, on: $0) }
        statusChanges.ring()
    }

    private func publishLink(
        for request: ScriptRequest,
        job: ClaimedJob,
        produced: CopyProducer.Produced,
        anonymousReference: String?
    ) async throws {
        let now = clock.now
        let copy = ScriptRequest.PublishedCopy(
            objectID: produced.stored.objectID,
            sha256: produced.sha256,
            byteCount: produced.stored.byteCount,
            pageCount: produced.pages,
            fileName: CopyFileName.make(for: request, anonymousReference: anonymousReference),
            thumbnailObjectID: produced.thumbnail.objectID
        )
        try await database.transaction { db in
            // Only the run that still holds the lease publishes; a stale one stops here.
            guard try await queue.holdsLease(job, in: db) else { throw JobFailure.leaseLost }
            let link = links.newLink(to: copy, of: request, now: now)
            let detail = "Ready to download: \(produced.pages) pages, link valid until \(ISO8601.string(from: link.expiresAt))"
            guard try await requests.markReady(request.id, copy: copy, event: RequestEvent(at: now, status: .ready, detail: detail), on: db)
            else { return }
            try await links.store(link, in: db)
        }
        statusChanges.ring()
    }
}
