import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/api/v1/script-requests`: ask for a copy, follow it, list a centre's requests, issue a
/// new link to a ready copy, and withdraw a request's links. Each route decodes, calls one
/// service, and shows the answer.
struct ScriptRequestRoutes {
    let intake: RequestIntake
    let tracking: RequestTracking
    let links: LinkService
    let publicBaseURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.get("{id}/downloads", use: downloads)
        group.post("{id}/revoke-links", use: revokeLinks)
        group.post("{id}/links", use: issueLink)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let submission = try await SubmissionBody.parse(request, context: context)
        let accepted = try await intake.submit(submission, by: caller)
        var response = try JSON.response(ScriptRequestView(accepted.request), status: accepted.isNew ? .accepted : .ok)
        response.headers[.location] = "/api/v1/script-requests/\(accepted.request.id)"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = try PageQuery(request)
        let page = try await tracking.list(for: caller, page: query.page)
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

    /// `?wait=N` (0 to 60 seconds) holds the answer until the request settles or N seconds
    /// pass, so a client need not poll.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.parameters.require("id")
        let details = try await tracking.details(of: id, for: caller, waitingUpTo: .seconds(try waitSeconds(request)))
        var view = ScriptRequestView(
            details.request,
            download: details.offer.map(download(for:)),
            timeline: details.timeline,
            downloads: details.downloads.map(Self.record)
        )
        if details.moreDownloads, let last = details.downloads.last?.id {
            view.links["moreDownloads"] = "/api/v1/script-requests/\(id)/downloads?after=\(last)"
        }
        return try JSON.response(view)
    }

    /// `GET /api/v1/script-requests/{id}/downloads?after=ID&limit=N`: the request's downloads
    /// and counts of refused attempts, oldest first, a page at a time (at most 100), with the
    /// next page's address while more follow.
    @Sendable func downloads(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.parameters.require("id")
        let after = try request.uri.queryParameters["after"].map { text in
            guard let value = Int64(String(text)), value >= 0 else {
                throw APIError(.badRequest, code: "request.invalid", message: "'after' must be the id of a download in the list.")
            }
            return value
        }
        let limit = try request.uri.queryParameters["limit"].map { text in
            guard let value = Int(String(text)), (1...RequestTracking.auditPage).contains(value) else {
                throw APIError(
                    .badRequest,
                    code: "request.invalid",
                    message: "'limit' must be a whole number from 1 to \(RequestTracking.auditPage)."
                )
            }
            return value
        }
        let page = try await tracking.downloads(of: id, for: caller, after: after, limit: limit ?? RequestTracking.auditPage)
        let next = page.more ? page.items.last?.id.map { "/api/v1/script-requests/\(id)/downloads?after=\($0)&limit=\(page.items.count)" } : nil
        return try JSON.response(DownloadPage(items: page.items.map(Self.record), next: next))
    }

    /// One page of a request's downloads.
    struct DownloadPage: Encodable {
        var items: [ScriptRequestView.DownloadRecord]
        var next: String?
    }

    private static func record(_ download: DownloadLinks.Download) -> ScriptRequestView.DownloadRecord {
        ScriptRequestView.DownloadRecord(
            id: download.id,
            at: download.at,
            linkID: download.linkID,
            clientAddress: download.clientAddress,
            bytes: download.bytes,
            status: download.status,
            code: download.refused?.code,
            count: download.refused?.count,
            firstAt: download.refused.map { _ in download.at },
            lastAt: download.refused?.lastAt
        )
    }

    /// `POST /api/v1/script-requests/{id}/links`: a new download link to the request's
    /// published copy, for whoever may see the request; `201` with the download details.
    /// Earlier links are left as they are (withdraw them with `revoke-links`).
    @Sendable func issueLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let issued = try await links.reissue(try context.parameters.require("id"), by: try context.requireCaller())
        return try JSON.response(download(for: issued), status: .created)
    }

    /// `POST /api/v1/script-requests/{id}/revoke-links`: withdraws every download link of the
    /// request, for its centre's exams officer or operations; 204, and a timeline entry.
    @Sendable func revokeLinks(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await LinkRevocationRoutes.revoke(.request(try context.parameters.require("id")), links: links, context: context)
    }

    private func waitSeconds(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["wait"] else { return 0 }
        guard let seconds = Int(String(text)), (0...60).contains(seconds) else {
            throw APIError(.badRequest, code: "request.invalid", message: "'wait' must be a whole number of seconds from 0 to 60.")
        }
        return seconds
    }

    /// The download details of a live link.
    private func download(for issued: LinkService.Issued) -> ScriptRequestView.Download {
        let copy = issued.request.copy
        return ScriptRequestView.Download(
            linkID: issued.link.id,
            url: "\(publicBaseURL)/d/\(issued.token)",
            expiresAt: issued.link.expiresAt,
            fileName: issued.link.fileName,
            bytes: copy?.byteCount ?? 0,
            pages: copy?.pageCount ?? 0,
            sha256: issued.link.contentSHA256,
            downloadAllowance: issued.link.downloadAllowance
        )
    }
}
