import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import ScriptDeskServer

/// `scriptdesk`: the post-results service's command line. It parses and calls the same
/// build functions the tests use; nothing else.
@main
struct ScriptDeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scriptdesk",
        abstract: "ScriptDesk: copies of marked scripts, enquiries and certification after results day.",
        subcommands: [Serve.self, Worker.self, Demo.self, Migrate.self, Check.self, QueueCommand.self, KeysCommand.self, LinksCommand.self]
    )
}

/// Options shared by every command that opens the data root.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data root (default ./Storage; env SCRIPTDESK_STORAGE).")
    var storage: String?

    @Option(help: "postgres://… or a SQLite path (default DIR/scriptdesk.sqlite; env SCRIPTDESK_DATABASE_URL).")
    var database: String?
}

/// Options of the commands that serve HTTP.
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on (default 127.0.0.1; env SCRIPTDESK_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; env SCRIPTDESK_PORT).")
    var port: Int?

    @Option(help: "Worker slots in this process (default 2; env SCRIPTDESK_WORKERS).")
    var workers: Int?
}

extension ServerSettings.Overrides {
    init(_ storage: StorageOptions, _ serve: ServeOptions? = nil) {
        self.init(
            storage: storage.storage,
            database: storage.database,
            host: serve?.host,
            port: serve?.port,
            workers: serve?.workers,
            checker: Self.runningExecutable
        )
    }

    /// This program's own path, so that PDF checks run as `scriptdesk check` child processes.
    static var runningExecutable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}

/// A logger on standard error at the configured level.
func makeLogger(_ settings: ServerSettings) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = settings.logLevel
        return handler
    }
    return Logger(label: "scriptdesk")
}

/// The process's metrics registry: swift-metrics reports into it, `/metrics` emits it.
let metricsRegistry: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}()

/// Writes a line to standard error (progress and notices, never data).
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
