import Foundation
import Hummingbird
import Prometheus
import ScriptDeskQueue
import ScriptDeskServices

/// `GET /metrics`: Prometheus text for operations (bearer token of an operations user).
///
/// Counters and histograms reach the registry through swift-metrics as they happen;
/// the queue's depth by lane and state and the age of the oldest waiting job are read
/// from the database at each scrape, so every process reports the whole queue.
struct MetricsRoutes {
    let operations: QueueOperations
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
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
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
