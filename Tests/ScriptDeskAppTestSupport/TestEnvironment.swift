import Foundation
import Logging
public import ScriptDeskApp
import ScriptDeskCore
public import ScriptDeskDemo
public import ScriptDeskStoreTestSupport
public import ScriptDeskTestSupport
public import ServiceLifecycle

/// A runtime over a temporary storage folder seeded with a small demo board, its database
/// serving for as long as the test runs; each test makes its own.
public struct TestEnvironment: Sendable {
    /// The temporary storage folder, removed when the test ends.
    public let root: String
    /// The runtime over that folder: store, queue, services.
    public let runtime: Runtime
    /// The clock the runtime reads; the test moves it.
    public let clock: TestClock
    /// The seeded centre's token and passwords.
    public let credentials: DemoCredentials

    /// The `scriptdesk` executable built beside the test bundle: copies are checked in child
    /// processes, as in production.
    public static let scriptdeskExecutable =
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("scriptdesk").path

    /// Runs `body` with a fresh environment: a small board seeded in a new temporary folder,
    /// `workers` slots for `workerServices`, and `settings` read as the environment
    /// (`SCRIPTDESK_…` variables) would be. The folder is removed afterwards. With
    /// `database` `.postgres`, the store is a new database on the tests' PostgreSQL server,
    /// dropped afterwards; with `.sqlite`, a file in the folder. With `people`, the demo's
    /// people get user names and passwords (bcrypt at cost 12 costs a few seconds, so only
    /// tests that sign in ask for them).
    public static func with<T: Sendable>(
        database: DatabaseKind = .sqlite,
        workers: Int = 0,
        size: DemoBoard.Size = .small,
        people: Bool = false,
        settings variables: [String: String] = [:],
        _ body: (TestEnvironment) async throws -> T
    ) async throws -> T {
        guard database == .postgres else { return try await with(workers: workers, size: size, people: people, variables: variables, body) }
        let server = try PostgresServer.fromEnvironment()
        let name = try await server.createDatabase()
        do {
            var variables = variables
            variables["SCRIPTDESK_DATABASE_URL"] = try server.url(of: name)
            let value = try await with(workers: workers, size: size, people: people, variables: variables, body)
            try await server.dropDatabase(name)
            return value
        } catch {
            try? await server.dropDatabase(name)
            throw error
        }
    }

    private static func with<T: Sendable>(
        workers: Int,
        size: DemoBoard.Size,
        people: Bool,
        variables: [String: String],
        _ body: (TestEnvironment) async throws -> T
    ) async throws -> T {
        try await ScratchFolder.with("test") { root in
            // A few connections each: many environments run at once against one PostgreSQL.
            let settings = try await Settings.resolve(
                .init(storage: root, host: "127.0.0.1", port: 0, workers: workers, checker: scriptdeskExecutable),
                environment: ["SCRIPTDESK_DATABASE_POOL_SIZE": "4"].merging(variables) { _, given in given }
            )
            var logger = Logger(label: "scriptdesk-test")
            logger.logLevel = .warning
            let clock = TestClock()
            return try await Runtime.withRunning(settings, logger: logger, clock: clock.wallClock) { runtime in
                let credentials = try await DemoSeeder(runtime: runtime, size: size, people: people).seed()
                return try await body(TestEnvironment(root: root, runtime: runtime, clock: clock, credentials: credentials))
            }
        }
    }

    /// The worker slots the settings asked for, as services (none when they asked for none).
    public var workerServices: [any Service] {
        runtime.settings.workers > 0 ? [runtime.workers(concurrency: runtime.settings.workers)] : []
    }
}
