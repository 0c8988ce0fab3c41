import Foundation
import Hummingbird
import Prometheus
import ScriptDeskQueue

/// `GET /metrics`: Prometheus text for operations (bearer token of an operations user).
///
/// Counters and histograms reach the registry through swift-metrics as they happen;
/// the queue's depth by lane and state and the age of the oldest waiting job are read
/// from the database at each scrape, so every process reports the whole queue.
struct MetricsController {
    let queue: any JobQueue
    let registry: PrometheusCollectorRegistry

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireOperations("Metrics")
        let snapshot = try await queue.snapshot(now: Date(), deadLimit: 0)
        for lane in snapshot.lanes {
            for state in JobState.allCases {
                registry.makeGauge(
                    name: "scriptdesk_queue_jobs",
                    labels: [("lane", lane.lane.rawValue), ("state", state.rawValue)],
                    help: "Jobs in the queue by lane and state."
                ).set(to: Double(lane.states[state.rawValue] ?? 0))
            }
            registry.makeGauge(
                name: "scriptdesk_queue_oldest_waiting_seconds",
                labels: [("lane", lane.lane.rawValue)],
                help: "How long the oldest due waiting job has waited."
            ).set(to: lane.oldestWaitingSeconds ?? 0)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
    }
}
