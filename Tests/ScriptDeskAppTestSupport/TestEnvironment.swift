import Foundation
import Logging
public import ScriptDeskApp
import ScriptDeskCore
public import ScriptDeskDemo
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
    /// (`SCRIPTDESK_…` variables) would be. The folder is removed afterwards.
    public static func with<T: Sendable>(
        workers: Int = 0,
        size: DemoBoard.Size = .small,
        settings variables: [String: String] = [:],
        _ body: (TestEnvironment) async throws -> T
    ) async throws -> T {
        try await ScratchFolder.with("test") { root in
            let settings = try await Settings.resolve(
                .init(storage: root, host: "127.0.0.1", port: 0, workers: workers, checker: scriptdeskExecutable),
                environment: variables
            )
            var logger = Logger(label: "scriptdesk-test")
            logger.logLevel = .warning
            let clock = TestClock()
            return try await Runtime.withRunning(settings, logger: logger, clock: clock.wallClock) { runtime in
                let credentials = try await DemoSeeder(runtime: runtime, size: size).seed()
                return try await body(TestEnvironment(root: root, runtime: runtime, clock: clock, credentials: credentials))
            }
        }
    }

    /// The worker slots the settings asked for, as services (none when they asked for none).
    public var workerServices: [any Service] {
        runtime.settings.workers > 0 ? [runtime.workers(concurrency: runtime.settings.workers)] : []
    }
}
