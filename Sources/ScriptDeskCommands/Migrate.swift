public import ArgumentParser
import ScriptDeskApp
import ScriptDeskStore

/// `scriptdesk migrate`: bring the schema up to date and stop.
public struct MigrateCommand: AsyncParsableCommand {
    /// `scriptdesk migrate`, with its help.
    public static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the database schema.")

    @OptionGroup var storage: StorageOptions

    /// A command with no arguments parsed yet.
    public init() {}

    /// Opens the database, applies the migrations not yet applied, and says where.
    public func run() async throws {
        let location = try await storage.withRuntime { $0.database.location }
        note("Schema up to date: \(location)")
    }
}
