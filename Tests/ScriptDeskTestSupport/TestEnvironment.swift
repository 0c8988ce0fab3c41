import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskServer
import Synchronization

/// A clock the test moves by hand.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

/// A runtime over a temporary storage folder seeded with a small demo board; each test
/// makes its own and tears it down.
public struct TestEnvironment: Sendable {
    public let root: String
    public let runtime: Runtime
    public let clock: TestClock
    public let credentials: DemoCredentials

    /// Seeds a small board in a new temporary folder; `workers` slots run when the
    /// application is built from this runtime; `settings` are read as the environment
    /// (`SCRIPTDESK_…` variables) would be.
    public static func make(
        workers: Int = 0,
        size: DemoBoard.Size = .small,
        settings variables: [String: String] = [:]
    ) async throws -> TestEnvironment {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-test-\(UUID().uuidString)").path
        let settings = try await ServerSettings.resolve(
            .init(storage: root, host: "127.0.0.1", port: 0, workers: workers, checker: scriptdeskExecutable),
            environment: variables
        )
        var logger = Logger(label: "scriptdesk-test")
        logger.logLevel = .warning
        let clock = TestClock()
        let runtime = try await Runtime.open(settings, logger: logger) { clock.now }
        let credentials = try await DemoSeeder(runtime: runtime, size: size).seed()
        return TestEnvironment(root: root, runtime: runtime, clock: clock, credentials: credentials)
    }

    /// The `scriptdesk` executable built beside the test bundle: copies are checked in child
    /// processes, as in production.
    public static let scriptdeskExecutable =
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("scriptdesk").path

    /// Closes the database and removes the folder.
    public func tearDown() async {
        await runtime.close()
        try? FileManager.default.removeItem(atPath: root)
    }
}

extension TestEnvironment {
    /// Runs `body` with a fresh environment and always tears it down afterwards.
    public static func with<T: Sendable>(
        workers: Int = 0,
        size: DemoBoard.Size = .small,
        settings: [String: String] = [:],
        _ body: (TestEnvironment) async throws -> T
    ) async throws -> T {
        let environment = try await make(workers: workers, size: size, settings: settings)
        do {
            let value = try await body(environment)
            await environment.tearDown()
            return value
        } catch {
            await environment.tearDown()
            throw error
        }
    }
}
