import ArgumentParser
import ScriptDeskApp
import ScriptDeskCommands
import ScriptDeskDemo

/// `scriptdesk demo`: seed the demo board (once), then serve it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Seed the demo board (idempotent) and serve it.")

    @OptionGroup var storage: StorageOptions
    @OptionGroup var serve: ServeOptions

    @Flag(help: "Seed only; do not serve.")
    var noServe = false

    @Option(help: "The board to seed: standard (3 centres, 300 candidates) or small (2 centres, 6 candidates, 4-page scripts; for tests).")
    var board: BoardSize = .standard

    func run() async throws {
        let settings = try await storage.settings(host: serve.host, port: serve.port, workers: serve.workers)
        let path = settings.storage.demoCredentials
        let size = board.size
        let seed = { @Sendable (runtime: Runtime) async throws in
            let credentials = try await DemoSeeder(runtime: runtime, size: size).seed { progress in
                let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
                note("\(progress.step): \(progress.done)/\(progress.total) (\(percent)%)")
            }
            note("Demo board ready: \(credentials.centres.count) centres. User names, passwords and API tokens: \(path)")
            if let officer = credentials.centres.first?.examsOfficer {
                note("Sign in at \(settings.publicBaseURL)/ as \(officer.username) with the password \(officer.password) (an exams officer).")
            }
        }
        let logger = makeLogger(settings)
        guard !noServe else {
            return try await Runtime.withRunning(settings, logger: logger) { try await seed($0) }
        }
        let runtime = try await Runtime.open(settings, logger: logger)
        try await runServer(runtime) {
            try await seed(runtime)
        }
    }
}

/// The boards `scriptdesk demo --board` seeds.
enum BoardSize: String, ExpressibleByArgument, CaseIterable {
    case standard, small

    var size: DemoBoard.Size {
        switch self {
        case .standard: .standard
        case .small: .small
        }
    }
}
