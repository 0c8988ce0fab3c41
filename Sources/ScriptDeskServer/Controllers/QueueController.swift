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
