import ArgumentParser
import ScriptDeskApp
import ScriptDeskCommands
import ScriptDeskServer
import ServiceLifecycle

/// `scriptdesk serve`: HTTP and workers in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API and downloads, with workers in the same process.")

    @OptionGroup var storage: StorageOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        let settings = try await storage.settings(host: serve.host, port: serve.port, workers: serve.workers)
        try await runServer(try await Runtime.open(settings, logger: makeLogger(settings)))
    }
}

/// Runs the server and this process's workers until SIGTERM or SIGINT; `prepare` runs once
/// the schema is migrated, before either starts.
func runServer(_ runtime: Runtime, prepare: @escaping @Sendable () async throws -> Void = {}) async throws {
    let settings = runtime.settings
    let app = try buildApplication(runtime, metrics: metricsRegistry)
    let group = runtime.serviceGroup(workers: settings.workers, serving: [app]) {
        try await prepare()
        note("ScriptDesk is serving on \(settings.publicBaseURL) with \(settings.workers) worker slots (Ctrl-C to stop).")
    }
    try await group.run()
}
