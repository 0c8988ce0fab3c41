import ArgumentParser
import Metrics
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
            LinksCommand.self,
        ]
    )
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
