import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskServices

/// `GET /api/v1/candidates/{candidate}/statement?series=`: the candidate's current statement
/// of results and every earlier revision, each published one with a new signed link; and
/// `GET`/`HEAD /s/{token}`: the statement's PDF once the link is checked.
struct StatementRoutes {
    let statements: StatementDesk
    let downloads: DownloadService
    let publicBaseURL: String
    let streamer = FileStreamer()

    func addRoutes(api: RouterGroup<AppRequestContext>, router: Router<AppRequestContext>) {
        api.get("{candidate}/statement", use: show)
        router.get("/s/{token}", use: download)
        router.head("/s/{token}", use: download)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        guard let series = query["series"].map(String.init), !series.isEmpty else {
            throw APIError(.badRequest, code: "request.invalid", message: "'series' is required, such as \"2026-06\".")
        }
        let centre = try query["centre"].map { text in
            guard let centre = CentreNumber(String(text)) else {
                throw APIError(.badRequest, code: "request.invalid", message: "'centre' must be a five-digit centre number.")
            }
            return centre
        }
        let offered = try await statements.statements(
            series: series,
            candidate: try context.parameters.require("candidate"),
            centre: centre,
            for: caller
        )
        let views = offered.map { StatementView($0, baseURL: publicBaseURL) }
        return try JSON.response(StatementListView(current: views.first { $0.download != nil }, revisions: views))
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ticket = try await downloads.openStatement(token: try context.parameters.require("token"), from: context.clientAddress)
        var headers: HTTPFields = [
            .contentType: "application/pdf",
            .contentDisposition: ContentDisposition.attachment(fileName: ticket.link.fileName),
            .eTag: "\"\(ticket.published.sha256)\"",
            .cacheControl: DownloadRoutes.privateCaching,
        ]
        switch try await downloads.delivery(of: ticket) {
        case .redirect(let url):
            return Response(status: .found, headers: [.location: url, .cacheControl: DownloadRoutes.privateCaching])
        case .localFile(let path, _):
            let length = ticket.published.byteCount
            headers[.contentLength] = String(length)
            guard request.method == .get, length > 0 else { return Response(status: .ok, headers: headers) }
            let body = streamer.body(of: path, range: 0...(length - 1)) { _, _ in }
            return Response(status: .ok, headers: headers, body: body)
        }
    }
}

/// One statement as the API shows it.
struct StatementView: Encodable {
    struct Download: Encodable {
        var url: String
        var expiresAt: String
        var fileName: String
        var bytes: Int64
        var sha256: String
    }
    var id: String
    var revision: Int
    var cause: String
    var createdAt: String
    var status: String
    var download: Download?

    init(_ offered: StatementDesk.Offered, baseURL: String) {
        let statement = offered.statement
        id = statement.id
        revision = statement.revision
        cause = statement.cause.rawValue
        createdAt = ISO8601.string(from: statement.createdAt)
        status = statement.published == nil ? "making" : "published"
        if let published = statement.published, let link = offered.link, let token = offered.token {
            download = Download(
                url: "\(baseURL)/s/\(token)",
                expiresAt: ISO8601.string(from: link.expiresAt),
                fileName: link.fileName,
                bytes: published.byteCount,
                sha256: published.sha256
            )
        }
    }
}

/// A candidate's statements: the current one (the newest published) and every revision, newest first.
struct StatementListView: Encodable {
    var current: StatementView?
    var revisions: [StatementView]
}
