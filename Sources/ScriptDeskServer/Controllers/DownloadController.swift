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
        let path: String
        switch try await pipeline.downloadArea.delivery(of: copy.objectID, fileName: link.fileName, now: now) {
        case .localFile(let file, _): path = file
        case .redirect(let url):
            try await recordDownload(of: link, request: scriptRequest, bytes: copy.byteCount, status: 302, at: now, from: context.clientAddress)
            return Response(status: .found, headers: [.location: url, .cacheControl: "private, no-store", .init("Referrer-Policy")!: "no-referrer"])
        }
        guard copy.byteCount > 0 else { throw APIError(.internalServerError, code: "download.empty", message: "The stored copy is empty.") }
        let etag = "\"\(copy.sha256)\""
        var headers: HTTPFields = [
            .contentType: "application/pdf",
            .contentDisposition: ContentDisposition.attachment(fileName: link.fileName),
            .eTag: etag,
            .acceptRanges: "bytes",
            .cacheControl: "private, no-store",
            .init("Referrer-Policy")!: "no-referrer",
            .init("X-Content-Type-Options")!: "nosniff",
        ]
        let wanted = ByteRangeRequest(header: request.headers[.range], length: copy.byteCount, ifRange: request.headers[.ifRange], strongETag: etag)
        let status: HTTPResponse.Status
        let range: ClosedRange<Int64>
        switch wanted {
        case .whole:
            (status, range) = (.ok, 0...(copy.byteCount - 1))
        case .part(let part):
            (status, range) = (.partialContent, part)
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(copy.byteCount)"
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(copy.byteCount)"
            headers[.contentLength] = "0"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        let length = range.upperBound - range.lowerBound + 1
        headers[.contentLength] = String(length)
        // HEAD answers exactly as GET would, without the body.
        guard request.method == .get else { return Response(status: status, headers: headers) }
        let body = try await FileIO(threadPool: .singleton).loadFile(
            path: path,
            range: Int(range.lowerBound)...Int(range.upperBound),
            context: context
        )
        try await recordDownload(of: link, request: scriptRequest, bytes: length, status: Int(status.code), at: now, from: context.clientAddress)
        return Response(status: status, headers: headers, body: body)
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
            // A part delivered is a download too: a resumed transfer ends in one.
            if (status == 200 || status == 206) && request.status == .ready {
                let event = RequestEvent(at: now, status: .downloaded, detail: "Downloaded from \(address)")
                try await requests.record(event, for: request.id, from: [.ready], on: db)
            }
        }
    }
}
