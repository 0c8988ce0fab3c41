import ArgumentParser
import Foundation
import Hummingbird
import ScriptDeskServer

/// `scriptdesk serve`: HTTP and workers in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API and downloads, with workers in the same process.")

    @OptionGroup var storage: StorageOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        let settings = try await ServerSettings.resolve(.init(storage, serve))
        let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
        try await runServer(runtime, credentialsPath: nil)
    }
}

/// Runs the server until SIGTERM or SIGINT, then closes the database.
func runServer(_ runtime: Runtime, credentialsPath: String?) async throws {
    let app = buildApplication(runtime, credentialsPath: credentialsPath, metrics: metricsRegistry)
    note("ScriptDesk is serving on \(runtime.settings.publicBaseURL) with \(runtime.settings.workers) worker slots (Ctrl-C to stop).")
    try await runtime.closing { try await app.runService() }
}
