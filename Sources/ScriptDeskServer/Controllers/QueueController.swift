import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskQueue

/// `GET /api/v1/queue`: the queue monitor's snapshot, for operations and administrators.
struct QueueController {
    let queue: any JobQueue

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: snapshot)
    }

    @Sendable func snapshot(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireOperations("Queue snapshots")
        return try JSON.response(try await queue.snapshot(now: Date(), deadLimit: 50))
    }
}
