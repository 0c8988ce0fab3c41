import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `GET /api/v1/results?series=2026-06`: a centre's results, one row per candidate and
/// component. Exams officers see their own centre; operations and administrators name one
/// with `centre=`.
struct ResultsRoutes {
    let results: ResultsQuery

    struct Row: Encodable {
        struct CandidateView: Encodable {
            var number: String
            var name: String
        }
        struct ComponentView: Encodable {
            var code: String
            var title: String
            var maxMark: Int
            var kind: Component.Kind
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
        /// Whether the result has been revised since it was issued.
        var revised: Bool
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        guard let series = query["series"].map(String.init), Series.isValidCode(series) else {
            throw APIError(.badRequest, code: "request.invalid", message: "'series' is required, as YYYY-MM (such as 2026-06).")
        }
        let asked = try query["centre"].map { text in
            guard let centre = CentreNumber(String(text)) else {
                throw APIError(.badRequest, code: "request.invalid", message: "Name the centre with 'centre=' (five digits).")
            }
            return centre
        }
        let paging = try PageQuery(request)
        let (centre, page) = try await results.results(series: series, centre: asked, page: paging.page, for: caller)
        let rows = page.items.map { listing in
            Row(
                candidate: .init(number: listing.result.candidate.rawValue, name: listing.candidateName),
                component: .init(
                    code: listing.component.code,
                    title: listing.component.title,
                    maxMark: listing.component.maxMark,
                    kind: listing.component.kind
                ),
                qualification: listing.component.qualification,
                mark: listing.result.mark,
                grade: listing.result.grade,
                indicators: listing.result.indicators.map(\.rawValue),
                specialConsideration: listing.result.specialConsideration,
                script: .init(held: listing.scriptPageCount != nil, pages: listing.scriptPageCount),
                revised: listing.revisions > 0
            )
        }
        let nextOffset = paging.offset + paging.limit
        let centreParameter = asked == nil ? "" : "&centre=\(centre)"
        let next = "/api/v1/results?series=\(series)\(centreParameter)&limit=\(paging.limit)&offset=\(nextOffset)"
        return try JSON.response(
            ListingView(items: rows, total: page.total, limit: paging.limit, offset: paging.offset, next: nextOffset < page.total ? next : nil)
        )
    }
}
