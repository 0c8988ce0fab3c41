import ArgumentParser
import ScriptDeskCommands

/// `scriptdesk-worker`: the worker slots alone, in a program with no HTTP server at all, for
/// worker hosts. It also answers `check --serve`, as the checker children its workers start.
@main
struct ScriptDeskWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scriptdesk-worker",
        abstract: "ScriptDesk's workers, without an HTTP server.",
        subcommands: [WorkerCommand.self, CheckCommand.self],
        defaultSubcommand: WorkerCommand.self
    )
}
