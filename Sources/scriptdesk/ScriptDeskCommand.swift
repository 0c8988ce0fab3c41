import ArgumentParser
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import ScriptDeskCommands

/// `scriptdesk`: the post-results service's command line. It parses and calls the same
/// services and service graph the tests use; nothing else.
@main
struct ScriptDeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scriptdesk",
        abstract: "ScriptDesk: copies of marked scripts, enquiries and certification after results day.",
        subcommands: [
            Serve.self, WorkerCommand.self, Demo.self, MigrateCommand.self, CheckCommand.self, QueueCommand.self, KeysCommand.self,
            LinksCommand.self, TokensCommand.self, UsersCommand.self, StatementsCommand.self,
        ]
    )

    /// Runs the command with every task on NIO's event loops rather than Swift's own thread
    /// pool, so that a request continues on the thread its connection and its database
    /// answers arrive on instead of hopping to another and back. Blocking work runs on pools
    /// of its own (SQLite's connections, file reads, PDF building, the checker's children),
    /// so no event loop is held by it. Measured with `scripts/bench download`: 5 MB downloads
    /// at 0.79 to 0.90 of nginx, against 0.66 to 0.74 on Swift's pool. `scriptdesk-worker`,
    /// which serves no HTTP, keeps Swift's pool: there the SQLite drain was about a quarter
    /// faster. NIO runs each task as isolated to its loop, so each request's handling also
    /// prefers its connection's loop as its task executor (`EventLoopPreferenceMiddleware`):
    /// otherwise every nonisolated async call would queue on the loop again. The call must
    /// come first, on the main thread, before any task starts.
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
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

/// The process's metrics registry: swift-metrics reports into it, `/metrics` emits it.
let metricsRegistry: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}()
