import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskTransfer

/// Everything the jobs and the request intake work with, built once at start-up.
public struct Pipeline: Sendable {
    /// Data and queue.
    public let database: Database
    /// The job queue.
    public let queue: any JobQueue
    /// Fetches from the script archive.
    public let fetcher: Fetcher
    /// Where built copies are checked.
    public let pdfChecks: PDFCheckRunner
    /// Where copies are published.
    public let downloadArea: any DownloadArea
    /// Mints download tokens.
    public let signer: LinkSigner
    /// The awarding body's rules.
    public let policy: Policy
    /// Sends the pipeline's email: through the SMTP relay, or into the outbox.
    public let mailer: any Mailer
    /// The sender of the pipeline's email.
    public let mailFrom: EmailAddress
    /// How long before a series' script retention end centres with copies are warned.
    public let retentionWarning: Duration
    /// How long finished jobs are kept.
    public let jobRetention: Duration
    /// Work in progress, one folder per job.
    public let stagingRoot: String
    /// Where the pipeline logs.
    public let logger: Logger
    /// The clock (fixed in tests).
    public let now: @Sendable () -> Date
    /// Rung whenever a request's status changes in this process, for callers that wait.
    public let statusChanges = Doorbell()

    public init(
        database: Database,
        queue: any JobQueue,
        fetcher: Fetcher,
        pdfChecks: PDFCheckRunner = .inProcess,
        downloadArea: any DownloadArea,
        signer: LinkSigner,
        policy: Policy,
        mailer: any Mailer,
        mailFrom: EmailAddress,
        retentionWarning: Duration = .seconds(14 * 86_400),
        stagingRoot: String,
        jobRetention: Duration = .seconds(14 * 86_400),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.queue = queue
        self.fetcher = fetcher
        self.pdfChecks = pdfChecks
        self.downloadArea = downloadArea
        self.signer = signer
        self.policy = policy
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.retentionWarning = retentionWarning
        self.stagingRoot = stagingRoot
        self.jobRetention = jobRetention
        self.logger = logger
        self.now = now
    }

    /// The handlers for every kind of job the pipeline runs.
    public var handlers: [String: any JobHandler] {
        [
            ScriptCopyJob.kind: ScriptCopyJob(pipeline: self),
            ProbeJob.kind: ProbeJob(queue: queue, database: database),
            PruneJob.kind: PruneJob(queue: queue, retention: jobRetention, now: now),
            RetentionJob.kind: RetentionJob(pipeline: self),
        ]
    }

    /// The jobs that run once per period across every worker process.
    public var periodic: [PeriodicJob] {
        [PruneJob.hourly(), RetentionJob.daily()]
    }

    /// The schema of everything the pipeline stores.
    public static var migrations: [Migration] {
        StoreSchema.migrations + QueueSchema.migrations
    }
}
