import ArgumentParser
import ScriptDeskPipeline
import ScriptDeskServer

/// `scriptdesk migrate`: bring the schema up to date and stop.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let settings = try await ServerSettings.resolve(.init(storage))
        let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
        await runtime.close()
        note("Schema up to date: \(settings.database)")
    }
}
