import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPipeline
import ScriptDeskStore

/// `GET`/`HEAD /d/{token}`: the published copy, after the token, its link and the stored
/// content have all been checked. A refused token gets a problem and not one byte of the
/// file. The copy streams from the download area's file (ranges per RFC 9110), is handed
/// to nginx with `X-Accel-Redirect`, or is a redirect to a presigned URL of the object store.
struct DownloadController {
    let pipeline: Pipeline
    /// The internal location nginx serves the download area from, when offloading.
    let offloadPrefix: String?
    /// How early a link may be used before its not-before time.
    let clockSkew: TimeInterval
    let audit: DownloadAudit
    private let links = DownloadLinks()
    private let requests = ScriptRequests()
    private let streamer = FileStreamer()

    init(pipeline: Pipeline, links: LinkSettings) {
        self.pipeline = pipeline
        self.offloadPrefix = links.offloadPrefix
        self.clockSkew = links.clockSkew
        self.audit = DownloadAudit(database: pipeline.database)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/d/{token}", use: download)
        router.head("/d/{token}", use: download)
    }

    /// What a checked token opens.
    private struct Grant {
        var link: DownloadLink
        var request: ScriptRequest
        var copy: ScriptRequest.PublishedCopy
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let now = pipeline.now()
        let grant = try await authorise(token: token, now: now, context: context)
        let (link, copy) = (grant.link, grant.copy)
        guard copy.byteCount > 0 else { throw APIError(.internalServerError, code: "download.empty", message: "The stored copy is empty.") }
        let address = context.clientAddress
        let entry: @Sendable (Int64, HTTPResponse.Status) -> DownloadLinks.Download = { bytes, status in
            DownloadLinks.Download(
                linkID: link.id,
                requestID: link.requestID,
                clientAddress: address,
                bytes: bytes,
                status: Int(status.code),
                at: now
            )
        }
        let isFirst = grant.request.status == .ready
        let file: (path: String, key: String)
        switch try await pipeline.downloadArea.delivery(of: copy.objectID, fileName: link.fileName, now: now) {
        case .localFile(let path, let key): file = (path, key)
        case .redirect(let url):
            // The object store sends the bytes: a redirect counts as one whole download.
            if request.method == .get { try await audit.record(entry(copy.byteCount, .found), isFirst: isFirst) }
            return Response(status: .found, headers: Self.privateHeaders.merging([.location: url]))
        }
        let etag = "\"\(copy.sha256)\""
        var headers = Self.privateHeaders.merging([
            .contentType: "application/pdf",
            .contentDisposition: ContentDisposition.attachment(fileName: link.fileName),
            .eTag: etag,
            .acceptRanges: "bytes",
        ])
        if let offloadPrefix {
            // nginx answers ranges and sends the file itself; the link has been checked here.
            headers[.init("X-Accel-Redirect")!] = offloadPrefix + file.key
            if request.method == .get { try await audit.record(entry(copy.byteCount, .ok), isFirst: isFirst) }
            return Response(status: .ok, headers: headers)
        }
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
        headers[.contentLength] = String(range.count)
        // HEAD answers exactly as GET would, without the body.
        guard request.method == .get else { return Response(status: status, headers: headers) }
        let audit = audit
        let logger = context.logger
        let body = streamer.body(of: file.path, range: range) { sent, failure in
            if let failure {
                logger.warning("Download cut short", metadata: ["scriptdesk.link.id": "\(link.id)", "scriptdesk.error": "\(failure)"])
            }
            // Bytes actually written, so an allowance counts what was delivered.
            try await audit.record(entry(sent, status), isFirst: isFirst && sent > 0)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Headers on every answer that carries or points at a copy.
    private static let privateHeaders: HTTPFields = [
        .cacheControl: "private, no-store",
        .init("Referrer-Policy")!: "no-referrer",
        .init("X-Content-Type-Options")!: "nosniff",
    ]

    private func authorise(token: String, now: Date, context: AppRequestContext) async throws -> Grant {
        try await SignedLinkCheck(signer: pipeline.signer, subject: "Download").open(token, context: context) { claim in
            try await pipeline.database.readOnly { db -> (DownloadLink, ScriptRequest, Int64?)? in
                guard let link = try await links.find(claim.linkID, on: db),
                    let scriptRequest = try await requests.find(link.requestID, scope: .everyCentre, on: db)
                else { return nil }
                let delivered = link.downloadAllowance == nil ? nil : try await links.deliveredBytes(through: link.id, on: db)
                return (link, scriptRequest, delivered)
            }
        } check: { claim, found in
            let (link, scriptRequest, delivered) = found
            try pipeline.signer.verify(claim, link: link, now: now)
            let subject = DownloadGrant.Subject.copy(centre: scriptRequest.centre, current: scriptRequest.copy)
            _ = try DownloadGrant.decide(link, opening: subject, delivered: delivered ?? 0, now: now, clockSkew: clockSkew)
            guard let copy = scriptRequest.copy else { throw LinkRefusal.contentChanged }
            return Grant(link: link, request: scriptRequest, copy: copy)
        } auditRefusal: { found, status in
            let link = found.0
            let refused = DownloadLinks.Download(
                linkID: link.id,
                requestID: link.requestID,
                clientAddress: context.clientAddress,
                bytes: 0,
                status: status,
                at: now
            )
            try? await audit.record(refused, isFirst: false)
        }
    }
}

extension HTTPFields {
    fileprivate func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        fields.append(contentsOf: other)
        return fields
    }
}
