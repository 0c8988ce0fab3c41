import Foundation
import Hummingbird
import ScriptDeskStore

/// `GET /livez` (the process runs) and `GET /healthz` (it can serve: 503 while the database
/// cannot be reached).
struct HealthRoutes {
    let database: Database

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/livez") { _, _ in
            try JSON.response(["status": "ok"])
        }
        router.get("/healthz", use: health)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard await database.isReachable() else { throw StoreError.unavailable(reason: "health check") }
        return try JSON.response(["status": "ok", "database": "reachable"])
    }
}
