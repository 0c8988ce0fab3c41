public import Logging
import ServiceLifecycle

/// `scriptdesk worker`: the worker slots and nothing else, no HTTP server, for scale-out
/// beside `serve` processes on a shared database. Everything it runs is in this target, whose
/// dependencies include no HTTP server at all.
public enum WorkerProcess {
    /// Runs `slots` worker slots (at least one) until SIGTERM or SIGINT.
    public static func run(_ settings: Settings, slots: Int, logger: Logger) async throws {
        let runtime = try await Runtime.open(settings, logger: logger)
        try await runtime.serviceGroup(workers: max(slots, 1)).run()
    }
}
