import Foundation
import Hummingbird
import Prometheus
import ScriptDeskQueue
import ScriptDeskServices

/// `GET /metrics`: Prometheus text for operations (bearer token of an operations user).
///
/// Counters and histograms reach the registry through swift-metrics as they happen;
/// the queue's depth by lane and state, the age of the oldest waiting job, each lane's
/// target and whether it is breached, the jobs that died in the last hour and the live
/// worker processes are read from the database at each scrape (the lane figures through the
/// console's shared overview), so every process reports the whole queue.
struct MetricsRoutes {
    let operations: QueueOperations
    let watch: QueueWatch
    let registry: PrometheusCollectorRegistry

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        let snapshot = try await operations.snapshot(for: try context.requireCaller(), deadLimit: 0)
        for lane in snapshot.lanes {
            for state in JobState.allCases {
                registry.makeGauge(descriptor: Self.jobs, labels: [("lane", lane.lane.rawValue), ("state", state.rawValue)])
                    .set(to: Double(lane.states[state.rawValue] ?? 0))
            }
            registry.makeGauge(descriptor: Self.oldestWaiting, labels: [("lane", lane.lane.rawValue)]).set(to: lane.oldestWaitingSeconds ?? 0)
        }
        let overview = try await watch.overview(for: try context.requireCaller())
        for lane in overview.lanes {
            let labels = [("lane", lane.facts.lane.rawValue)]
            registry.makeGauge(
                descriptor: Self.descriptor("target", unit: "seconds", "The longest the lane's oldest due job should wait."),
                labels: labels
            )
            .set(to: lane.target)
            registry.makeGauge(
                descriptor: Self.descriptor("target_breached", "1 while the lane's oldest due job has waited past its target."),
                labels: labels
            )
            .set(to: lane.breached ? 1 : 0)
            registry.makeGauge(descriptor: Self.descriptor("dead_last_hour", "Jobs of the lane that died in the last hour."), labels: labels)
                .set(to: Double(lane.facts.deadLastHour))
        }
        registry.makeGauge(descriptor: Self.descriptor("workers_live", "Worker processes heard from within their lease."))
            .set(to: Double(overview.workers.count { !$0.silent }))
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
    }

    /// `scriptdesk_queue_<name>`.
    static func descriptor(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "scriptdesk", subsystem: "queue", metricName: name, unitName: unit, helpText: help)
    }

    /// `scriptdesk_queue_jobs{lane,state}`.
    static var jobs: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "scriptdesk",
            subsystem: "queue",
            metricName: "jobs",
            unitName: "",
            helpText: "Jobs in the queue by lane and state."
        )
    }
    /// `scriptdesk_queue_oldest_waiting_seconds{lane}`.
    static var oldestWaiting: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "scriptdesk",
            subsystem: "queue",
            metricName: "oldest_waiting",
            unitName: "seconds",
            helpText: "How long the oldest due waiting job has waited."
        )
    }
}
