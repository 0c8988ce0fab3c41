import Foundation
public import Logging
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskQueue
public import ScriptDeskStore
public import ScriptDeskTransfer

/// Once a day: warns each centre, once per series, when its copies will be deleted at the
/// end of the series' script retention; deletes the copies of series past that end; and
/// removes what a crash between steps left behind: staging folders no run uses any more, and
/// published objects that no record refers to, each logged.
///
/// Deleting goes database first: in one transaction per batch, each copy's links are
/// revoked, its request expires with a timeline entry, and it is marked purged; only then
/// are its objects removed from the download area, each one only when no copy still kept
/// refers to it (objects are content-addressed). A run that stops part-way leaves purged
/// copies whose objects the next run removes, and never a live link to a missing file.
public struct RetentionJob: JobHandler {
    /// The job kind in the queue.
    public static let kind = "retention.copies"
    /// The timeline entry of a deleted copy.
    public static let deletedDetail = "Deleted at the end of the series' script retention"

    let database: Database
    let area: any DownloadArea
    let mailer: any Mailer
    /// The sender of the warnings.
    let mailFrom: EmailAddress
    /// How long before a series' script retention end centres with copies are warned.
    let warning: Duration
    /// Rung whenever a request's status changes in this process.
    let statusChanges: Doorbell
    let clock: WallClock
    let logger: Logger
    /// Copies handled per transaction, and objects per read.
    let batchSize: Int
    /// How long a claimed warning may stay unsent before another run sends it instead.
    let claimTimeout: Duration
    /// Where copies are built, one folder per run; `nil` to leave staging alone.
    let staging: String?
    /// How old a staging folder or an unreferenced object must be before it counts as left
    /// behind: far longer than any run takes, so nothing in use is touched.
    let orphanAge: Duration
    private let retention = CopyRetention()

    /// Warns each centre through `mailer`, from `mailFrom`, `warning` before its series'
    /// retention ends, and purges from `database` and `area` in transactions of `batchSize`
    /// copies (at least one). A warning claimed but unsent after `claimTimeout` is left to a
    /// later run. Staging folders under `staging` and unreferenced objects older than
    /// `orphanAge` are removed.
    public init(
        database: Database,
        area: any DownloadArea,
        mailer: any Mailer,
        mailFrom: EmailAddress,
        warning: Duration,
        statusChanges: Doorbell,
        clock: WallClock,
        logger: Logger,
        batchSize: Int = 200,
        claimTimeout: Duration = .seconds(3600),
        staging: String? = nil,
        orphanAge: Duration = .seconds(86_400)
    ) {
        self.database = database
        self.area = area
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.warning = warning
        self.statusChanges = statusChanges
        self.clock = clock
        self.logger = logger
        self.batchSize = max(batchSize, 1)
        self.claimTimeout = claimTimeout
        self.staging = staging
        self.orphanAge = orphanAge
    }

    /// The daily schedule that runs this job once a day across every process.
    public static func daily() -> PeriodicJob {
        PeriodicJob(
            name: kind,
            every: .seconds(86_400),
            job: NewJob(kind: kind, lane: .standard, payload: "{}", uniqueKey: kind, maxAttempts: 5)
        )
    }

    /// Sends the warnings due, purges the series past their end, and removes the objects no
    /// kept copy uses; then throws the failure of a warning that could not be sent, a transient
    /// one first.
    public func run(_ job: ClaimedJob) async throws {
        let now = clock.now
        // A warning that cannot be sent does not hold up deleting; its failure is reported after.
        let failures = try await warnCentres(now: now)
        try await purgeEndedSeries(now: now)
        try await removeObjects(now: now)
        try await removeOrphans(now: now)
        if let failure = failures.first(where: \.isTransient) ?? failures.first { throw failure }
    }

    /// Nothing waits on a retention run: the next day's run tries again.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}

    /// Sends the warnings due at `now`; returns the failures of those that could not be sent.
    func warnCentres(now: Date) async throws -> [JobFailure] {
        let codes = try await database.read {
            try await retention.series(endingAfter: now, notLaterThan: now + warning.timeInterval, on: $0)
        }
        var failures: [JobFailure] = []
        for code in codes {
            guard let series = try await database.read({ try await ReferenceData().series(code, on: $0) }) else { continue }
            for entry in try await database.read({ try await retention.keptCopies(in: code, on: $0) }) {
                try Task.checkCancellation()
                let notice = RetentionNotice(series: series, centre: entry.centre, copies: entry.copies)
                if let failure = try await warn(notice, now: now) { failures.append(failure) }
            }
        }
        return failures
    }

    private func warn(_ notice: RetentionNotice, now: Date) async throws -> JobFailure? {
        var logger = logger
        logger[metadataKey: "scriptdesk.series"] = "\(notice.series.code)"
        logger[metadataKey: "scriptdesk.centre"] = "\(notice.centre.number)"
        let message: EmailMessage
        do throws(EmailMessageError) {
            guard let made = try notice.message(from: mailFrom, date: now) else {
                logger.warning("Centre has no exams officer address; its retention warning waits until it has one")
                return nil
            }
            message = made
        } catch {
            logger.error("Retention warning cannot be written", metadata: ["scriptdesk.error": "\(error.code): \(error.message)"])
            return JobFailure(code: error.code, message: error.message, isTransient: false)
        }
        let claimed = try await database.transaction { db in
            try await retention.claimWarning(
                series: notice.series.code,
                centre: notice.centre.number,
                copies: notice.copies,
                messageID: message.messageID,
                now: now,
                staleBefore: now - claimTimeout.timeInterval,
                on: db
            )
        }
        guard claimed else { return nil }
        do {
            try await mailer.send(message)
        } catch let cancelled as CancellationError {
            // The run was stopped, not refused: the claim lapses after its timeout and a later
            // run sends the warning.
            throw cancelled
        } catch {
            try await database.transaction {
                try await retention.releaseWarning(series: notice.series.code, centre: notice.centre.number, on: $0)
            }
            let failure = (error as? MailError).map(JobFailure.mail) ?? JobFailure(error)
            logger.warning("Retention warning not sent", metadata: ["scriptdesk.error": "\(failure.code): \(failure.message)"])
            return failure
        }
        try await database.transaction {
            try await retention.warningSent(series: notice.series.code, centre: notice.centre.number, at: now, on: $0)
        }
        logger.info("Retention warning sent", metadata: ["scriptdesk.copies": "\(notice.copies)"])
        return nil
    }

    /// Revokes (with the bundles that hold it), expires and marks purged every kept copy of
    /// each series past its end.
    func purgeEndedSeries(now: Date) async throws {
        let requests = ScriptRequests()
        let links = DownloadLinks()
        let bundles = DownloadBundles()
        let event = RequestEvent(at: now, status: .expired, detail: Self.deletedDetail)
        for code in try await database.read({ try await retention.series(endedBy: now, on: $0) }) {
            var purged = 0
            while true {
                try Task.checkCancellation()
                let batch = try await database.transaction { db in
                    let ids = try await retention.keptRequests(in: code, limit: batchSize, on: db)
                    for id in ids {
                        // Expiring the request first holds its row: a link being issued or a
                        // copy being published at this moment (which hold it too) is waited
                        // for, so its link is among those revoked next.
                        try await requests.record(event, for: id, from: [.ready, .downloaded, .expired], on: db)
                        try await links.revokeAll(forRequest: id, at: now, on: db)
                        try await bundles.revokeAll(holding: id, at: now, on: db)
                        try await retention.markPurged(id, at: now, on: db)
                    }
                    return ids.count
                }
                purged += batch
                if batch > 0 { statusChanges.ring() }
                if batch < batchSize { break }
            }
            if purged > 0 {
                logger.info(
                    "Copies purged at the end of retention",
                    metadata: ["scriptdesk.series": "\(code)", "scriptdesk.copies": "\(purged)"]
                )
            }
        }
    }

    /// Removes the objects of purged copies that no kept copy refers to.
    func removeObjects(now: Date) async throws {
        while true {
            try Task.checkCancellation()
            let batch = try await database.read { try await retention.purgedWithObjects(limit: batchSize, on: $0) }
            for copy in batch {
                for objectID in copy.objectIDs {
                    let kept = try await database.read { try await retention.isKept(objectID, on: $0) }
                    guard !kept else { continue }
                    try await area.remove(objectID)
                }
                try await database.transaction { try await retention.markObjectsRemoved(copy.requestID, at: now, on: $0) }
            }
            if batch.count < batchSize { break }
        }
    }

    /// Removes staging folders and unreferenced objects older than `orphanAge`, logging each.
    func removeOrphans(now: Date) async throws {
        let before = now - orphanAge.timeInterval
        if let staging {
            let manager = FileManager.default
            for name in (try? manager.contentsOfDirectory(atPath: staging)) ?? [] {
                let path = "\(staging)/\(name)"
                guard let changed = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date, changed < before else { continue }
                try manager.removeItem(atPath: path)
                logger.notice("Removed a staging folder left by a stopped run", metadata: ["scriptdesk.path": "\(path)"])
            }
        }
        // A page at a time: an object store may hold millions of objects.
        for try await page in area.objects(writtenBefore: before) {
            for objectID in page {
                try Task.checkCancellation()
                guard !(try await database.read({ try await retention.isReferenced(objectID, on: $0) })) else { continue }
                try await area.remove(objectID)
                logger.notice("Removed a published object no copy refers to", metadata: ["scriptdesk.object": "\(objectID)"])
            }
        }
    }
}
