import Foundation
import Hummingbird
import NIOPosix
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPipeline
import ScriptDeskStore

/// `GET`/`HEAD /d/{token}`: the published copy, streamed from the download area after the
/// token, its link and the stored content have all been checked. A refused token gets a
/// problem and not one byte of the file.
struct DownloadController {
    let pipeline: Pipeline
    private let links = DownloadLinks()
    private let requests = ScriptRequests()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/d/{token}", use: download)
        router.head("/d/{token}", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let now = pipeline.now()
        let (link, scriptRequest, copy) = try await authorise(token: token, now: now, context: context)
        let path = try pipeline.downloadArea.localPath(of: copy.objectID)
        let headers: HTTPFields = [
            .contentType: "application/pdf",
            .contentLength: String(copy.byteCount),
            .contentDisposition: ContentDisposition.attachment(fileName: link.fileName),
            .eTag: "\"\(copy.sha256)\"",
            .cacheControl: "private, no-store",
            .init("Referrer-Policy")!: "no-referrer",
            .init("X-Content-Type-Options")!: "nosniff",
        ]
        guard request.method == .get else { return Response(status: .ok, headers: headers) }
        let body = try await FileIO(threadPool: .singleton).loadFile(path: path, context: context)
        try await recordDownload(of: link, request: scriptRequest, bytes: copy.byteCount, status: 200, at: now, from: context.clientAddress)
        return Response(status: .ok, headers: headers, body: body)
    }

    private func authorise(
        token: String,
        now: Date,
        context: AppRequestContext
    ) async throws
        -> (DownloadLink, ScriptRequest, ScriptRequest.PublishedCopy)
    {
        do {
            let claim = try pipeline.signer.claim(in: token)
            let found = try await pipeline.database.read { db -> (DownloadLink, ScriptRequest)? in
                guard let link = try await links.find(claim.linkID, on: db),
                    let scriptRequest = try await requests.find(link.requestID, scope: .everything, on: db)
                else { return nil }
                return (link, scriptRequest)
            }
            guard let (link, scriptRequest) = found else { throw LinkRefusal.unknownLink }
            do {
                try pipeline.signer.verify(claim, link: link, now: now)
                guard let copy = scriptRequest.copy, copy.sha256 == link.contentSHA256, copy.objectID == link.objectID else {
                    throw LinkRefusal.contentChanged
                }
                return (link, scriptRequest, copy)
            } catch let refusal as LinkRefusal {
                let status = refusal.isGone ? 410 : 403
                try? await recordDownload(of: link, request: scriptRequest, bytes: 0, status: status, at: now, from: context.clientAddress)
                throw refusal
            }
        } catch let refusal as LinkRefusal {
            context.logger.notice("Download refused", metadata: ["scriptdesk.refusal": "\(refusal.code)"])
            throw APIError(refusal.isGone ? .gone : .forbidden, code: refusal.isGone ? refusal.code : "link.invalid", message: refusal.message)
        }
    }

    private func recordDownload(
        of link: DownloadLink,
        request: ScriptRequest,
        bytes: Int64,
        status: Int,
        at now: Date,
        from address: String
    )
        async throws
    {
        try await pipeline.database.transaction { db in
            try await links.recordDownload(
                linkID: link.id,
                requestID: link.requestID,
                clientAddress: address,
                bytes: bytes,
                status: status,
                at: now,
                on: db
            )
            if status == 200 && request.status == .ready {
                let event = RequestEvent(at: now, status: .downloaded, detail: "Downloaded from \(address)")
                try await requests.record(event, for: request.id, from: [.ready], on: db)
            }
        }
    }
}
