import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPipeline
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskTransfer

/// The opened parts of a running ScriptDesk: database (migrated), queue, keys, download
/// area and pipeline. `serve`, `worker`, `demo` and the tests all start from here.
public struct Runtime: Sendable {
    public let settings: ServerSettings
    public let database: Database
    public let pipeline: Pipeline
    public let logger: Logger

    /// Creates the storage folders, opens and migrates the database, loads (or makes) the
    /// signing key, and assembles the pipeline.
    public static func open(_ settings: ServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) async throws -> Runtime {
        try settings.storage.create()
        let database = try await Database.open(settings.database, logger: logger)
        do {
            try await Migrator(migrations: Pipeline.migrations).migrate(database, logger: logger)
            let pipeline = Pipeline(
                database: database,
                queue: SQLJobQueue(database: database, logger: logger),
                fetcher: Fetcher(policy: .archive()),
                pdfChecks: settings.pdfChecks,
                downloadArea: try settings.downloadArea.open(storage: settings.storage),
                signer: LinkSigner(keys: try KeyringSource(folder: settings.storage.keys)),
                policy: settings.policy,
                mailer: try settings.mail.mailer(outbox: settings.storage.outbox),
                mailFrom: settings.mail.from,
                retentionWarning: settings.mail.retentionWarning,
                stagingRoot: settings.storage.staging,
                jobRetention: settings.jobRetention,
                logger: logger,
                now: now
            )
            logger.info(
                "Storage ready",
                metadata: [
                    "scriptdesk.storage": "\(settings.storage.root)", "scriptdesk.database": "\(database.location)",
                    "scriptdesk.download_area": "\(settings.downloadArea)",
                ]
            )
            return Runtime(settings: settings, database: database, pipeline: pipeline, logger: logger)
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// The worker slots of this process, as a service.
    public func workers(concurrency: Int) -> JobWorkers {
        JobWorkers(
            queue: pipeline.queue,
            handlers: pipeline.handlers,
            configuration: .init(concurrency: concurrency, lease: settings.lease, periodic: pipeline.periodic),
            logger: logger
        )
    }

    /// Runs `body`, then closes the database whether `body` succeeded or threw.
    public func closing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }

    /// Closes the database.
    public func close() async {
        try? await database.close()
    }
}
