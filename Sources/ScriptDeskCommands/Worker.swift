public import ArgumentParser
import ScriptDeskApp

/// `scriptdesk worker`: workers only, no HTTP, for scale-out beside `serve` processes.
public struct WorkerCommand: AsyncParsableCommand {
    /// `scriptdesk worker`, with its help.
    public static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run workers only (no HTTP server) against the shared database."
    )

    @OptionGroup var storage: StorageOptions

    @Option(help: "Worker slots in this process (default 2; env SCRIPTDESK_WORKERS).")
    var concurrency: Int?

    /// A command with no arguments parsed yet.
    public init() {}

    /// Migrates the schema, then runs the worker slots (at least one) until SIGTERM or Ctrl-C,
    /// and stops them gracefully.
    public func run() async throws {
        let settings = try await storage.settings(workers: concurrency)
        note("ScriptDesk workers running on \(settings.database) with \(max(settings.workers, 1)) slots (Ctrl-C to stop).")
        try await WorkerProcess.run(settings, slots: settings.workers, logger: makeLogger(settings))
    }
}
