import Logging
import ScriptDeskServices
public import ServiceLifecycle
import UnixSignals

extension Runtime {
    /// The long-running parts of a process in one service group that SIGTERM and SIGINT stop
    /// gracefully: the database first (so it stops last), then the writing of download
    /// records (which writes what is waiting once everything after it has stopped), then,
    /// once the schema is migrated and `prepare` has run, the worker slots (when `workers` is
    /// above zero) and `serving` (the HTTP server, when this process has one), which stop in
    /// reverse order.
    public func serviceGroup(workers: Int, serving: [any Service] = [], prepare: @escaping @Sendable () async throws -> Void = {}) -> ServiceGroup {
        let started = (workers > 0 ? [self.workers(concurrency: workers)] : []) + serving
        return ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: database),
                    .init(service: DownloadRecords(downloads: downloads)),
                    .init(service: AfterMigration(runtime: self, prepare: prepare, services: started)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
    }
}

/// Waits for graceful shutdown, then for the download records handed over until then to be
/// written, before the database stops.
private struct DownloadRecords: Service, CustomStringConvertible {
    let downloads: DownloadService

    var description: String { "download records" }

    func run() async throws {
        try? await gracefulShutdown()
        await downloads.recorded()
    }
}

/// Migrates the schema, runs `prepare`, then runs `services` in a group of their own until
/// graceful shutdown reaches them.
private struct AfterMigration: Service, CustomStringConvertible {
    let runtime: Runtime
    let prepare: @Sendable () async throws -> Void
    let services: [any Service]

    var description: String { "migrations, then \(services.map { String(describing: type(of: $0)) }.joined(separator: " and "))" }

    func run() async throws {
        try await runtime.migrate()
        try await prepare()
        guard !services.isEmpty else { return try await gracefulShutdown() }
        try await ServiceGroup(services: services, logger: runtime.logger).run()
    }
}
