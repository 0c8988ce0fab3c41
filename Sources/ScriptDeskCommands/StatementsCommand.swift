public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices

/// `scriptdesk statements issue`: the results-day run of statements of results.
public struct StatementsCommand: AsyncParsableCommand {
    /// `scriptdesk statements`, with its `issue` subcommand.
    public static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Statements of results.",
        subcommands: [Issue.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// `scriptdesk statements issue`.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Queue the statement of results as issued for every candidate with results in a series (or at one centre); the workers draw, check and publish them."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "The series code, such as 2026-06.")
        var series: String

        @Option(help: "Only this centre's candidates (a five-digit centre number).")
        var centre: String?

        func validate() throws {
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let count: Int
            do {
                count = try await storage.withRuntime {
                    try await $0.statements.issue(series: series, centre: centre.flatMap(CentreNumber.init), by: .commandLine)
                }
            } catch let error as IntakeError {
                throw ValidationError(error.message)
            }
            note("Statements of results queued for \(count) candidate\(count == 1 ? "" : "s") in \(series); the workers make them.")
        }
    }
}
