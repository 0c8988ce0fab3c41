import Foundation
import Hummingbird
import Logging
import NIOCore
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskServices

/// Bulk downloads: `POST /api/v1/bundles` makes a bundle of every ready copy of a
/// component (`{"series", "component"}`) or of chosen requests (`{"requests": [ids]}`)
/// behind its own signed link; `GET /z/{token}` streams it as one ZIP, written as it is
/// sent, with each copy under a safe, unique name.
struct BundleRoutes {
    let bundles: BundleService
    let downloads: DownloadService
    let publicBaseURL: String
    let streamer = FileStreamer()

    func addRoutes(api: RouterGroup<AppRequestContext>, router: Router<AppRequestContext>) {
        api.post(use: create)
        router.get("/z/{token}", use: download)
        router.head("/z/{token}", use: download)
    }

    private struct Body: Decodable {
        var series: String?
        var component: String?
        var requests: [String]?
    }

    /// What the API shows of a bundle.
    struct View: Encodable {
        var id: String
        var url: String
        var fileName: String
        var expiresAt: Date
        var count: Int
        var bytes: Int64
        var requests: [String]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            Body.self,
            context: context,
            invalid: APIError(.badRequest, code: "bundle.bad_json", message: "Send {\"series\", \"component\"} or {\"requests\": [ids]} as JSON.")
        )
        let selection: BundleService.Selection
        switch (body.series, body.component, body.requests) {
        case (let series?, let component?, nil): selection = .component(series: series, component: component)
        case (nil, nil, let ids?): selection = .requests(ids)
        default:
            throw APIError(
                .badRequest,
                code: "bundle.bad_selection",
                message: "Name either a series and a component, or a list of requests, not both."
            )
        }
        let made = try await bundles.make(selection, for: caller)
        let bundle = made.bundle
        let view = View(
            id: bundle.id,
            url: "\(publicBaseURL)/z/\(made.token)",
            fileName: bundle.fileName,
            expiresAt: bundle.expiresAt,
            count: bundle.items.count,
            bytes: bundle.byteCount,
            requests: bundle.items.map(\.requestID)
        )
        return try JSON.response(view, status: .created)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ticket = try await downloads.openBundle(token: try context.parameters.require("token"), from: context.clientAddress)
        let bundle = ticket.bundle
        let headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: ContentDisposition.attachment(fileName: bundle.fileName),
            .cacheControl: DownloadRoutes.privateCaching,
            .acceptRanges: "none",
        ]
        guard request.method == .get else { return Response(status: .ok, headers: headers) }
        // Every copy is reserved against its own link's allowance before the first byte goes.
        let reserved = try await downloads.reserve(for: ticket)
        let downloads = downloads
        let streamer = streamer
        let logger = context.logger
        let body = ResponseBody { writer in
            let sink = BodySink(writer)
            var zip = ZIPStreamWriter(emit: { chunk in try await sink.write(chunk) })
            var names = ZIPEntryNames()
            var sent: [String: Int64] = [:]
            do {
                for item in bundle.items {
                    let name = names.name(for: item.entryName)
                    try await downloads.withLocalFile(of: item.objectID) { path in
                        try await zip.addEntry(name: name, modified: bundle.createdAt) { write in
                            try await streamer.forEachChunk(of: path, in: 0..<item.byteCount) { chunk in
                                try await write(Array(chunk.readableBytesView))
                                sent[item.requestID, default: 0] += Int64(chunk.readableBytes)
                            }
                        }
                    }
                }
                try await zip.finish()
            } catch {
                logger.warning("Bundle download cut short", metadata: ["scriptdesk.bundle.id": "\(bundle.id)", "scriptdesk.error": "\(error)"])
                try? await downloads.record(reserved, bytes: Int64(zip.bytesWritten), sent: sent, complete: false)
                throw error
            }
            let total = Int64(zip.bytesWritten)
            writer = sink.writer
            try await writer.finish(nil)
            try await downloads.record(reserved, bytes: total, sent: sent, complete: true)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// Hands ZIP chunks to the response writer. The writer is `inout` in the body closure, and
/// the ZIP writer's `emit` must be `@Sendable` and escaping: this box carries it between
/// them. Only the body's own task touches it, one call at a time, which is why it may be
/// unchecked.
private final class BodySink: @unchecked Sendable {
    var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    func write(_ chunk: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: chunk))
    }
}
