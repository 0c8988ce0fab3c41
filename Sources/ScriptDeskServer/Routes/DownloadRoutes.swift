import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskServices

/// `GET`/`HEAD /d/{token}`: the published copy, once the download service has checked the
/// token and granted the download. A refused token gets a problem and not one byte of the
/// file. The copy streams from the download area's file (ranges per RFC 9110), is handed to
/// nginx with `X-Accel-Redirect`, or is a redirect to a presigned URL of the object store.
struct DownloadRoutes {
    let downloads: DownloadService
    /// The internal location nginx serves the download area from, when offloading.
    let offloadPrefix: String?
    let streamer = FileStreamer()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/d/{token}", use: download)
        router.head("/d/{token}", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ticket = try await downloads.openCopy(token: try context.parameters.require("token"), from: context.clientAddress)
        let copy = ticket.copy
        let isGet = request.method == .get
        let file: (path: String, key: String)
        switch try await downloads.delivery(of: ticket) {
        case .localFile(let path, let key): file = (path, key)
        case .redirect(let url):
            // The object store sends the bytes: a redirect counts as one whole download.
            if isGet {
                let reserved = try await downloads.reserve(copy.byteCount, for: ticket)
                try await downloads.record(reserved, bytes: copy.byteCount, status: 302)
            }
            return Response(status: .found, headers: [.location: url, .cacheControl: Self.privateCaching])
        }
        let etag = "\"\(copy.sha256)\""
        var headers: HTTPFields = [
            .contentType: "application/pdf",
            .contentDisposition: ContentDisposition.attachment(fileName: ticket.link.fileName),
            .eTag: etag,
            .acceptRanges: "bytes",
            .cacheControl: Self.privateCaching,
        ]
        if let offloadPrefix {
            // nginx answers ranges and sends the file itself; the link has been checked here.
            headers[.xAccelRedirect] = offloadPrefix + file.key
            if isGet {
                let reserved = try await downloads.reserve(copy.byteCount, for: ticket)
                try await downloads.record(reserved, bytes: copy.byteCount, status: 200)
            }
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
        guard isGet else { return Response(status: status, headers: headers) }
        // The bytes about to be sent are reserved against the link's allowance before the
        // first is sent; what is not sent is given back once the download is recorded.
        let reserved = try await downloads.reserve(Int64(range.count), for: ticket)
        let downloads = downloads
        let logger = context.logger
        let finished = { @Sendable (sent: Int64, failure: (any Error)?) async throws in
            if let failure {
                logger.warning("Download cut short", metadata: ["scriptdesk.link.id": "\(reserved.link.id)", "scriptdesk.error": "\(failure)"])
            }
            try await downloads.record(reserved, bytes: sent, status: Int(status.code))
        }
        // A link with an allowance counts the bytes actually written, so it is streamed;
        // otherwise the kernel sends the file.
        let body =
            ticket.grant.remainingBytes == nil
            ? streamer.sentByKernel(of: file.path, range: range, on: context.channel, finished: finished)
            : streamer.body(of: file.path, range: range, finished: finished)
        return Response(status: status, headers: headers, body: body)
    }

    /// Every answer that carries or points at a copy may be kept by no cache but the client's
    /// own, and there only while it is used.
    static let privateCaching = "private, no-store"
}
