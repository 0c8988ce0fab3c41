import Foundation
public import Logging
public import ScriptDeskCore
public import ScriptDeskDelivery
import ScriptDeskPDF
public import ScriptDeskQueue
public import ScriptDeskServices
public import ScriptDeskStore
public import ScriptDeskTransfer

/// A running ScriptDesk's parts, assembled once from its settings: the database, the queue,
/// and one service per capability, each given only what it uses. `serve`, `worker`, the
/// command line, the demo and the tests all start from here; the HTTP routes, pages and
/// commands call these services and decide nothing themselves.
public struct Runtime: Sendable {
    /// The settings it was opened with.
    public let settings: Settings
    /// The database, which serves once it runs.
    public let database: Database
    /// The job queue, kept in the database.
    public let queue: any JobQueue
    /// Where every part reads the time.
    public let clock: WallClock
    /// The logger every part writes to.
    public let logger: Logger
    /// Rung whenever a request's status changes in this process, for callers that wait.
    public let statusChanges: Doorbell
    /// Who may do what to which object.
    public let access: AccessPolicy
    /// Where copies are published and served from.
    public let downloadArea: any DownloadArea
    /// Mints and checks download tokens; follows key rotations in the keys folder.
    public let signer: LinkSigner

    /// Accepts script requests.
    public let intake: RequestIntake
    /// Lists requests and shows their details, waiting if asked.
    public let tracking: RequestTracking
    /// Issues and withdraws download links.
    public let links: LinkService
    /// Checks download tokens and records downloads.
    public let downloads: DownloadService
    /// Makes bundles of copies behind one link.
    public let bundles: BundleService
    /// Reads a centre's results.
    public let results: ResultsQuery
    /// Watches and steers the job queue.
    public let queueOperations: QueueOperations
    /// What the operations console reads: the shared overview, job searches, one job.
    public let queueWatch: QueueWatch
    /// Enquiries about results and their outcomes.
    public let enquiries: EnquiryDesk
    /// Appeals against enquiries' outcomes and their decisions.
    public let appeals: AppealDesk
    /// Missing and incomplete results queries and their resolutions.
    public let resultQueries: ResultQueryDesk
    /// Subjects, late certification's eligibility and requests.
    public let certifications: CertificationDesk
    /// Candidates' statements of results and their links.
    public let statements: StatementDesk
    /// Finds the caller an API token stands for.
    public let authentication: Authentication
    /// Issues, lists and revokes API tokens.
    public let tokens: TokenService
    /// Signs people in to the pages and keeps their sessions.
    public let signIn: SignInService
    /// Adds, lists and disables the people who sign in.
    public let people: PeopleService
    /// The handlers of every kind of job the workers run.
    public let handlers: [String: any JobHandler]
    /// The jobs that run once per period across every worker process.
    public let periodic: [PeriodicJob]

    /// Creates the storage folders, opens the database (which serves once it runs), loads (or
    /// makes) the signing key, and assembles the services. Nothing is read from the database yet.
    /// Warns when mail credentials may be sent in plain text.
    public static func open(_ settings: Settings, logger: Logger, clock: WallClock = .system) async throws -> Runtime {
        if let warning = settings.mail.plaintextAuthenticationWarning { logger.warning("\(warning)") }
        try settings.storage.create()
        let database = try await Database.open(settings.database, poolSize: settings.databasePoolSize, logger: logger)
        do {
            return try Runtime(settings: settings, database: database, logger: logger, clock: clock)
        } catch {
            try? await database.close()
            throw error
        }
    }

    private init(settings: Settings, database: Database, logger: Logger, clock: WallClock) throws {
        self.settings = settings
        self.database = database
        self.logger = logger
        self.clock = clock
        let queue = SQLJobQueue(database: database, logger: logger)
        let statusChanges = Doorbell()
        let access = AccessPolicy()
        let rules = settings.policy
        let area = try settings.downloadArea.open(storage: settings.storage)
        let signer = LinkSigner(keys: try KeyringSource(folder: settings.storage.keys))
        let links = LinkService(database: database, signer: signer, rules: rules, access: access, clock: clock)
        let producer = CopyProducer(fetcher: Fetcher(policy: .archive()), checks: settings.pdfChecks, downloadArea: area)
        var handlers: [String: any JobHandler] = [
            ScriptCopyJob.kind: ScriptCopyJob(
                database: database,
                queue: queue,
                producer: producer,
                links: links,
                stagingRoot: settings.storage.staging,
                statusChanges: statusChanges,
                clock: clock,
                logger: logger
            ),
            RetentionJob.kind: try Self.retentionJob(
                settings: settings,
                database: database,
                area: area,
                statusChanges: statusChanges,
                clock: clock,
                logger: logger
            ),
            ProbeJob.kind: ProbeJob(queue: queue, database: database, clock: clock),
            PruneJob.kind: PruneJob(queue: queue, retention: settings.jobRetention, clock: clock),
        ]
        let mailer = try settings.mail.mailer(outbox: settings.storage.outbox, clock: clock)
        for subject in OutcomeMail.Subject.allCases {
            handlers[subject.kind] = OutcomeMail(
                subject,
                database: database,
                mailer: mailer,
                mailFrom: settings.mail.from,
                rules: rules.enquiries,
                clock: clock
            )
        }
        handlers[CertificationAward.kind] = CertificationAward(database: database, queue: queue, clock: clock)
        handlers[StatementIssue.kind] = StatementJob(
            database: database,
            checks: settings.pdfChecks,
            downloadArea: area,
            stagingRoot: settings.storage.staging,
            clock: clock
        )
        handlers[QueueActionJob.kind] = QueueActionJob(queue: queue, database: database, handlers: handlers, clock: clock)
        self.queue = queue
        self.statusChanges = statusChanges
        self.access = access
        self.downloadArea = area
        self.signer = signer
        self.links = links
        self.handlers = handlers
        self.periodic = [PruneJob.hourly(), RetentionJob.daily()]
        intake = RequestIntake(database: database, queue: queue, rules: rules, access: access, clock: clock)
        tracking = RequestTracking(database: database, links: links, access: access, statusChanges: statusChanges)
        downloads = DownloadService(
            database: database,
            signer: signer,
            area: area,
            clockSkew: settings.links.clockSkew,
            clock: clock,
            recorder: DownloadRecorder(database: database, logger: logger),
            refusals: RefusalLimiter(perMinute: settings.links.refusalsPerMinute)
        )
        bundles = BundleService(database: database, signer: signer, rules: rules, access: access, clock: clock)
        results = ResultsQuery(database: database, access: access)
        queueOperations = QueueOperations(queue: queue, database: database, handlers: handlers, access: access, clock: clock)
        queueWatch = QueueWatch(database: database, rules: settings.queueWatch, access: access, clock: clock)
        enquiries = EnquiryDesk(database: database, queue: queue, rules: rules.enquiries, access: access, clock: clock)
        appeals = AppealDesk(database: database, queue: queue, rules: rules.enquiries, access: access, clock: clock)
        resultQueries = ResultQueryDesk(database: database, queue: queue, rules: rules.enquiries, access: access, clock: clock)
        certifications = CertificationDesk(database: database, queue: queue, rules: rules.certification, access: access, clock: clock)
        statements = StatementDesk(database: database, queue: queue, signer: signer, rules: rules, access: access, clock: clock)
        authentication = Authentication(database: database, clock: clock)
        tokens = TokenService(database: database, access: access, clock: clock)
        let hasher = PasswordHasher(cost: settings.signIn.passwordCost)
        signIn = SignInService(database: database, hasher: hasher, rules: settings.signIn.rules, clock: clock)
        people = PeopleService(database: database, hasher: hasher, access: access, clock: clock)
    }

    /// The daily retention job of these settings; `mailer` and `batchSize` replace the
    /// settings' own mailer and the default batch.
    static func retentionJob(
        settings: Settings,
        database: Database,
        area: any DownloadArea,
        statusChanges: Doorbell,
        clock: WallClock,
        logger: Logger,
        mailer: (any Mailer)? = nil,
        batchSize: Int = 200
    ) throws -> RetentionJob {
        RetentionJob(
            database: database,
            area: area,
            mailer: try mailer ?? settings.mail.mailer(outbox: settings.storage.outbox, clock: clock),
            mailFrom: settings.mail.from,
            warning: settings.mail.retentionWarning,
            statusChanges: statusChanges,
            clock: clock,
            logger: logger,
            batchSize: batchSize,
            staging: settings.storage.staging
        )
    }

    /// This runtime's retention job, with another mailer or batch size (for tests).
    public func retentionJob(mailer: (any Mailer)? = nil, batchSize: Int = 200) throws -> RetentionJob {
        try Self.retentionJob(
            settings: settings,
            database: database,
            area: downloadArea,
            statusChanges: statusChanges,
            clock: clock,
            logger: logger,
            mailer: mailer,
            batchSize: batchSize
        )
    }

    /// The schema of everything ScriptDesk stores.
    public static let migrations: [Migration] = StoreSchema.migrations + QueueSchema.migrations

    /// Brings the schema up to date.
    public func migrate() async throws {
        try await Migrator(migrations: Self.migrations).migrate(database, logger: logger, clock: clock)
        logger.info(
            "Storage ready",
            metadata: [
                "scriptdesk.storage": "\(settings.storage.root)", "scriptdesk.database": "\(database.location)",
                "scriptdesk.download_area": "\(settings.downloadArea)",
            ]
        )
    }

    /// The worker slots of this process, as a service. Logs the sandbox the PDF checker
    /// children will run in, layer by layer, as this machine gives it.
    public func workers(concurrency: Int) -> JobWorkers {
        if concurrency > 0, case .childProcesses = settings.pdfChecks { logSandbox() }
        return JobWorkers(
            queue: queue,
            handlers: handlers,
            configuration: .init(concurrency: concurrency, lease: settings.lease, periodic: periodic, clock: clock),
            logger: logger
        )
    }

    private func logSandbox() {
        let layers = CheckerSandbox.available
        let metadata: Logger.Metadata = [
            "scriptdesk.sandbox.layers": "\(layers.names.joined(separator: ", "))",
            "scriptdesk.sandbox.missing": "\(layers.missingNames.joined(separator: ", "))",
        ]
        if layers.missingNames.isEmpty {
            logger.info("PDF checker sandbox: every layer on", metadata: metadata)
        } else {
            logger.warning("PDF checker sandbox: some layers are not available on this machine", metadata: metadata)
        }
    }

    /// Opens the runtime, serves its database and migrates it while `body` runs, then writes
    /// the download records still waiting and closes it: for commands and tests that do one
    /// piece of work.
    public static func withRunning<T: Sendable>(
        _ settings: Settings,
        logger: Logger,
        clock: WallClock = .system,
        _ body: (Runtime) async throws -> T
    ) async throws -> T {
        let runtime = try await open(settings, logger: logger, clock: clock)
        return try await runtime.database.whileRunning {
            try await runtime.migrate()
            let result: Result<T, any Error>
            do {
                result = .success(try await body(runtime))
            } catch {
                result = .failure(error)
            }
            await runtime.downloads.recorded()
            return try result.get()
        }
    }
}
