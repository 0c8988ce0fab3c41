import ArgumentParser
import Foundation
import ScriptDeskServer

/// `scriptdesk demo`: seed the demo board (once), then serve it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Seed the demo board (idempotent) and serve it.")

    @OptionGroup var storage: StorageOptions
    @OptionGroup var serve: ServeOptions

    @Flag(help: "Seed only; do not serve.")
    var noServe = false

    func run() async throws {
        let settings = try await ServerSettings.resolve(.init(storage, serve))
        let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
        let credentials: DemoCredentials
        do {
            credentials = try await DemoSeeder(runtime: runtime).seed { progress in
                let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
                note("\(progress.step): \(progress.done)/\(progress.total) (\(percent)%)")
            }
        } catch {
            await runtime.close()
            throw error
        }
        let path = settings.storage.demoCredentials
        note("Demo board ready: \(credentials.centres.count) centres. Credentials (API tokens): \(path)")
        guard !noServe else {
            await runtime.close()
            return
        }
        note("Open \(settings.publicBaseURL)/ to see what is running and how to try it.")
        try await runServer(runtime, credentialsPath: path)
    }
}
