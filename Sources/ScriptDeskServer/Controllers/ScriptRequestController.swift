import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPipeline
import ScriptDeskStore

/// `/api/v1/script-requests`: ask for a copy, follow it, list a centre's requests.
struct ScriptRequestController {
    let pipeline: Pipeline
    let publicBaseURL: String
    private let requests = ScriptRequests()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.post("{id}/revoke-links", use: revokeLinks)
        group.post("{id}/links", use: issueLink)
    }

    /// `POST /api/v1/script-requests/{id}/links`: a new download link to the request's
    /// published copy, for whoever may see the request; `201` with the download details.
    /// Earlier links are left as they are (withdraw them with `revoke-links`).
    @Sendable func issueLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let issued: (ScriptRequest, DownloadLink)?
        do {
            issued = try await LinkIssuer(pipeline: pipeline).reissue(
                id,
                scope: AccessPolicy().requestScope(for: Caller(user)),
                by: user.role.rawValue
            )
        } catch let error as LinkIssueError {
            throw APIError(error, status: .conflict)
        }
        guard let (scriptRequest, link) = issued, let view = try download(for: scriptRequest, link: link) else {
            throw APIError(.notFound, code: "request.not_found", message: "There is no script request '\(id)' for your centre.")
        }
        return try JSON.response(view, status: .created)
    }

    /// `POST /api/v1/script-requests/{id}/revoke-links`: withdraws every download link of the
    /// request, for its centre's exams officer or operations; 204, and a timeline entry.
    @Sendable func revokeLinks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await LinkRevocationController.revoke(.request(id), pipeline: pipeline, context: context) {
            APIError(.notFound, code: "request.not_found", message: "There is no script request '\(id)' for your centre.")
        }
        return Response(status: .noContent)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let submission = try SubmissionBody.parse(Data(buffer: body))
        let accepted = try await ScriptRequestIntake(pipeline: pipeline).submit(submission, by: user)
        var response = try JSON.response(ScriptRequestView(accepted.request), status: accepted.isNew ? .accepted : .ok)
        response.headers[.location] = "/api/v1/script-requests/\(accepted.request.id)"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let query = try PageQuery(request)
        let page = try await pipeline.database.read { db in
            try await requests.list(
                scope: AccessPolicy().requestScope(for: Caller(user)),
                page: Page(limit: query.limit, offset: query.offset),
                on: db
            )
        }
        let nextOffset = query.offset + query.limit
        return try JSON.response(
            ListingView(
                items: page.items.map { ScriptRequestView($0) },
                total: page.total,
                limit: query.limit,
                offset: query.offset,
                next: nextOffset < page.total ? "/api/v1/script-requests?limit=\(query.limit)&offset=\(nextOffset)" : nil
            )
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let scope = AccessPolicy().requestScope(for: Caller(user))
        try await waitWhileLive(id, scope: scope, seconds: try waitSeconds(request))
        let found = try await pipeline.database.read { db -> (ScriptRequest, [RequestEvent], DownloadLink?, [DownloadLinks.Download])? in
            guard let scriptRequest = try await requests.find(id, scope: scope, on: db) else { return nil }
            let links = DownloadLinks()
            return (
                scriptRequest, try await requests.timeline(of: id, on: db), try await links.latest(forRequest: id, on: db),
                try await links.downloads(ofRequest: id, on: db)
            )
        }
        guard let (scriptRequest, timeline, link, downloads) = found else {
            throw APIError(.notFound, code: "request.not_found", message: "There is no script request '\(id)' for your centre.")
        }
        let audit = downloads.map {
            ScriptRequestView.DownloadRecord(at: $0.at, linkID: $0.linkID, clientAddress: $0.clientAddress, bytes: $0.bytes, status: $0.status)
        }
        return try JSON.response(
            ScriptRequestView(scriptRequest, download: try download(for: scriptRequest, link: link), timeline: timeline, downloads: audit)
        )
    }

    /// `?wait=N` (0 to 60 seconds): hold the answer until the request settles or N seconds
    /// pass, so a client need not poll.
    private func waitSeconds(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["wait"] else { return 0 }
        guard let seconds = Int(String(text)), (0...60).contains(seconds) else {
            throw APIError(.badRequest, code: "request.invalid", message: "'wait' must be a whole number of seconds from 0 to 60.")
        }
        return seconds
    }

    private func waitWhileLive(_ id: String, scope: RequestScope, seconds: Int) async throws {
        guard seconds > 0 else { return }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let seen = pipeline.statusChanges.generation
            let status = try await pipeline.database.read { try await requests.find(id, scope: scope, on: $0)?.status }
            guard let status, status.isLive else { return }
            // A change made by another process rings no bell here: look again every second.
            await pipeline.statusChanges.wait(since: seen, timeout: min(deadline - ContinuousClock.now, .seconds(1)))
        }
    }

    /// The download details, while the copy is published and its link is live.
    private func download(for request: ScriptRequest, link: DownloadLink?) throws -> ScriptRequestView.Download? {
        guard let copy = request.copy, let link, link.revokedAt == nil, link.expiresAt > pipeline.now(),
            request.status == .ready || request.status == .downloaded
        else { return nil }
        return ScriptRequestView.Download(
            linkID: link.id,
            url: "\(publicBaseURL)/d/\(try pipeline.signer.token(for: link))",
            expiresAt: link.expiresAt,
            fileName: copy.fileName,
            bytes: copy.byteCount,
            pages: copy.pageCount,
            sha256: copy.sha256,
            downloadAllowance: link.downloadAllowance
        )
    }
}
