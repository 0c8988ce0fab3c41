import ArgumentParser
import Foundation
import ScriptDeskServer
import ServiceLifecycle

/// `scriptdesk worker`: workers only, no HTTP, for scale-out beside `serve` processes.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run workers only (no HTTP server) against the shared database.")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Worker slots in this process (default 2; env SCRIPTDESK_WORKERS).")
    var concurrency: Int?

    func run() async throws {
        let settings = try await ServerSettings.resolve(
            .init(storage: storage.storage, database: storage.database, workers: concurrency, checker: ServerSettings.Overrides.runningExecutable)
        )
        let logger = makeLogger(settings)
        let runtime = try await Runtime.open(settings, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [runtime.workers(concurrency: max(settings.workers, 1))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        note("ScriptDesk workers running on \(settings.database) with \(max(settings.workers, 1)) slots (Ctrl-C to stop).")
        try await runtime.closing { try await group.run() }
    }
}
