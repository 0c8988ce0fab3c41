import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskQueue

/// The queue for operations and administrators: `GET /api/v1/queue` is the monitor's
/// snapshot; `POST /api/v1/queue/retry` and `/cancel` act on waiting or dead jobs.
struct QueueController {
    let queue: any JobQueue
    let handlers: [String: any JobHandler]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: snapshot)
        group.post("retry") { request, context in try await control(.retry, request, context) }
        group.post("cancel") { request, context in try await control(.cancel, request, context) }
        group.post("concurrency", use: concurrency)
    }

    /// The body of a concurrency change.
    private struct ConcurrencyBody: Decodable {
        var concurrency: Int
        var worker: String?
    }

    /// `POST /api/v1/queue/concurrency`: asks worker processes to run a different number of
    /// slots; answers with the processes asked.
    @Sendable func concurrency(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireOperations("Changing worker concurrency")
        let data = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        guard let body = try? JSONDecoder().decode(ConcurrencyBody.self, from: data), (1...256).contains(body.concurrency) else {
            throw APIError(
                .badRequest,
                code: "queue.bad_concurrency",
                message: "The body must be {\"concurrency\": 1 to 256} and optionally \"worker\": a worker process id from the snapshot."
            )
        }
        let asked = try await queue.setConcurrency(body.concurrency, worker: body.worker, now: Date())
        guard !asked.isEmpty else {
            throw APIError(.notFound, code: "queue.no_workers", message: "No live worker process matches; the snapshot lists them.")
        }
        return try JSON.response(["workers": asked])
    }

    @Sendable func snapshot(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireOperations("Queue snapshots")
        return try JSON.response(try await queue.snapshot(now: Date(), deadLimit: 50))
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
        _ = try context.requireOperations("Retrying and cancelling jobs")
        let data = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let body: ControlBody
        do {
            body = try JSONDecoder().decode(ControlBody.self, from: data)
        } catch {
            throw APIError(
                .badRequest,
                code: "queue.bad_json",
                message: "The body must be a JSON object: ids (numbers), or states, lane, kind and errorCode (strings), and optionally limit."
            )
        }
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
        let filter: JobFilter
        do {
            filter = try JobFilter.control(ids: body.ids ?? [], states: body.states ?? [], lane: lane, kind: body.kind, errorCode: body.errorCode)
        } catch let error as JobControlError {
            throw APIError(error, status: .unprocessableContent)
        }
        let outcome = try await queue.control(action, filter, limit: limit, now: Date(), onControl: handlers.controlRecorder)
        return try JSON.response(outcome)
    }
}
