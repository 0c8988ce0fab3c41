import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskStore

/// `GET /api/v1/results?series=2026-06`: a centre's results, one row per candidate and
/// component. Exams officers see their own centre; operations and administrators name one
/// with `centre=`.
struct ResultsController {
    let database: Database

    struct Row: Encodable {
        struct CandidateView: Encodable {
            var number: String
            var name: String
        }
        struct ComponentView: Encodable {
            var code: String
            var title: String
            var maxMark: Int
        }
        struct ScriptView: Encodable {
            var held: Bool
            var pages: Int?
        }
        var candidate: CandidateView
        var component: ComponentView
        var qualification: QualificationType
        var mark: Int?
        var grade: String?
        var indicators: [String]
        var specialConsideration: Bool
        var script: ScriptView
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        guard let series = query["series"].map(String.init), Series.isValidCode(series) else {
            throw APIError(.badRequest, code: "request.invalid", message: "'series' is required, as YYYY-MM (such as 2026-06).")
        }
        let centre = try centre(for: user, asked: query["centre"].map(String.init))
        let paging = try PageQuery(request)
        let page = try await database.read { db in
            try await ReferenceData().results(series: series, centre: centre, page: Page(limit: paging.limit, offset: paging.offset), on: db)
        }
        let rows = page.items.map { listing in
            Row(
                candidate: .init(number: listing.result.candidate.rawValue, name: listing.candidateName),
                component: .init(code: listing.component.code, title: listing.component.title, maxMark: listing.component.maxMark),
                qualification: listing.component.qualification,
                mark: listing.result.mark,
                grade: listing.result.grade,
                indicators: listing.result.indicators.map(\.rawValue),
                specialConsideration: listing.result.specialConsideration,
                script: .init(held: listing.scriptPageCount != nil, pages: listing.scriptPageCount)
            )
        }
        let nextOffset = paging.offset + paging.limit
        let centreParameter = user.role.isCentreRole ? "" : "&centre=\(centre)"
        let next = "/api/v1/results?series=\(series)\(centreParameter)&limit=\(paging.limit)&offset=\(nextOffset)"
        return try JSON.response(
            ListingView(items: rows, total: page.total, limit: paging.limit, offset: paging.offset, next: nextOffset < page.total ? next : nil)
        )
    }

    private func centre(for user: User, asked: String?) throws -> CentreNumber {
        switch user.role {
        case .examsOfficer:
            guard let centre = user.centre else { break }
            return centre
        case .operations, .administrator:
            guard let asked, let centre = CentreNumber(asked) else {
                throw APIError(.badRequest, code: "request.invalid", message: "Name the centre with 'centre=' (five digits).")
            }
            return centre
        case .teacher:
            break
        }
        throw APIError(.forbidden, code: "auth.forbidden", message: "Results are available to the centre's exams officer.")
    }
}
