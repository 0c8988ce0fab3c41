import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices

/// The queue for operations and administrators: `GET /api/v1/queue` is the monitor's
/// snapshot; `POST /api/v1/queue/retry` and `/cancel` act on waiting or dead jobs;
/// `POST /api/v1/queue/concurrency` changes worker processes' slot counts.
struct QueueRoutes {
    let operations: QueueOperations

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: snapshot)
        group.post("retry") { request, context in try await control(.retry, request, context) }
        group.post("cancel") { request, context in try await control(.cancel, request, context) }
        group.post("concurrency", use: concurrency)
    }

    @Sendable func snapshot(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSON.response(try await operations.snapshot(for: try context.requireCaller()))
    }

    /// The body of a concurrency change.
    private struct ConcurrencyBody: Decodable {
        var concurrency: Int
        var worker: String?
    }

    /// Asks worker processes to run a different number of slots; answers with those asked.
    @Sendable func concurrency(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let invalid = APIError(
            .badRequest,
            code: "queue.bad_concurrency",
            message: "The body must be {\"concurrency\": 1 to 256} and optionally \"worker\": a worker process id from the snapshot."
        )
        let body = try await request.decodeJSON(ConcurrencyBody.self, context: context, invalid: invalid)
        guard (1...256).contains(body.concurrency) else { throw invalid }
        let asked = try await operations.setConcurrency(body.concurrency, worker: body.worker, by: caller, from: context.clientAddress)
        guard !asked.isEmpty else {
            throw APIError(.notFound, code: "queue.no_workers", message: "No live worker process matches; the snapshot lists them.")
        }
        return try JSON.response(["workers": asked])
    }

    /// The body of a retry or cancel: job ids, or a filter.
    private struct ControlBody: Decodable {
        var ids: [Int64]?
        var states: [String]?
        var lane: String?
        var kind: String?
        var errorCode: String?
        var limit: Int?
    }

    private func control(_ action: JobControl, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            ControlBody.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "queue.bad_json",
                message: "The body must be a JSON object: ids (numbers), or states, lane, kind and errorCode (strings), and optionally limit."
            )
        )
        let lane = try body.lane.map { name in
            guard let lane = Lane(rawValue: name) else {
                throw APIError(.badRequest, code: "queue.bad_lane", message: "'lane' must be \"priority\" or \"standard\".")
            }
            return lane
        }
        let limit = body.limit ?? 10_000
        guard (1...100_000).contains(limit) else {
            throw APIError(.badRequest, code: "queue.bad_limit", message: "'limit' must be between 1 and 100000.")
        }
        let filter = try JobFilter.control(ids: body.ids ?? [], states: body.states ?? [], lane: lane, kind: body.kind, errorCode: body.errorCode)
        return try JSON.response(try await operations.control(action, filter, limit: limit, by: caller, from: context.clientAddress))
    }
}
