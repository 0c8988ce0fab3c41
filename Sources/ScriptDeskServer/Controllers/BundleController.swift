import Foundation
import Hummingbird
import NIOCore
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPipeline
import ScriptDeskStore

/// Bulk downloads: `POST /api/v1/bundles` makes a bundle of every ready copy of a
/// component (`{"series", "component"}`) or of chosen requests (`{"requests": [ids]}`)
/// behind its own signed link; `GET /z/{token}` streams it as one ZIP, written as it is
/// sent, with each copy under a safe, unique name.
struct BundleController {
    let pipeline: Pipeline
    let publicBaseURL: String
    /// How early a link may be used before its not-before time.
    let clockSkew: TimeInterval
    private let bundles = DownloadBundles()
    private let requests = ScriptRequests()
    private let streamer = FileStreamer()

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
        let user = try context.requireUser()
        let data = try await request.body.collect(upTo: context.maxUploadSize)
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(buffer: data))
        } catch {
            throw APIError(.badRequest, code: "bundle.bad_json", message: "Send {\"series\", \"component\"} or {\"requests\": [ids]} as JSON.")
        }
        let selection: BundleMaker.Selection
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
        let bundle: DownloadBundle
        do {
            bundle = try await BundleMaker(pipeline: pipeline).make(selection, for: user)
        } catch {
            let status: HTTPResponse.Status =
                switch error {
                case .empty, .notDownloadable: .notFound
                case .tooMany, .severalCentres: .badRequest
                case .storage: .serviceUnavailable
                }
            throw APIError(error, status: status)
        }
        let view = View(
            id: bundle.id,
            url: "\(publicBaseURL)/z/\(try pipeline.signer.token(for: bundle.link))",
            fileName: bundle.fileName,
            expiresAt: bundle.expiresAt,
            count: bundle.items.count,
            bytes: bundle.byteCount,
            requests: bundle.items.map(\.requestID)
        )
        return try JSON.response(view, status: .created)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let now = pipeline.now()
        let bundle = try await authorise(token: token, now: now, context: context)
        let headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: ContentDisposition.attachment(fileName: bundle.fileName),
            .cacheControl: "private, no-store",
            .init("Referrer-Policy")!: "no-referrer",
            .init("X-Content-Type-Options")!: "nosniff",
            .acceptRanges: "none",
        ]
        guard request.method == .get else { return Response(status: .ok, headers: headers) }
        let area = pipeline.downloadArea
        let streamer = streamer
        let address = context.clientAddress
        let logger = context.logger
        let body = ResponseBody { writer in
            let sink = BodySink(writer)
            var zip = ZIPStreamWriter(emit: { chunk in try await sink.write(chunk) })
            var names = ZIPEntryNames()
            do {
                for item in bundle.items {
                    let name = names.name(for: item.entryName)
                    try await area.withLocalFile(of: item.objectID) { path in
                        try await zip.addEntry(name: name, modified: bundle.createdAt) { write in
                            try await streamer.forEachChunk(of: path, in: 0..<item.byteCount) { chunk in
                                try await write(Array(chunk.readableBytesView))
                            }
                        }
                    }
                }
                try await zip.finish()
            } catch {
                logger.warning("Bundle download cut short", metadata: ["scriptdesk.bundle.id": "\(bundle.id)", "scriptdesk.error": "\(error)"])
                try? await recordDownload(of: bundle, bytes: Int64(zip.bytesWritten), status: 200, complete: false, at: now, from: address)
                throw error
            }
            let sent = Int64(zip.bytesWritten)
            writer = sink.writer
            try await writer.finish(nil)
            try await recordDownload(of: bundle, bytes: sent, status: 200, complete: true, at: now, from: address)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The bundle a token opens, once its signature, validity and every copy in it have been
    /// checked; refused attempts are audited and get no byte of any copy.
    private func authorise(token: String, now: Date, context: AppRequestContext) async throws -> DownloadBundle {
        try await SignedLinkCheck(signer: pipeline.signer, subject: "Bundle download").open(token, context: context) { claim in
            try await pipeline.database.readOnly { db -> (DownloadBundle, [ScriptRequest])? in
                guard let bundle = try await bundles.find(claim.linkID, on: db) else { return nil }
                let ids = bundle.items.map(\.requestID)
                return (
                    bundle,
                    try await requests.published(
                        ids: ids,
                        scope: .centre(bundle.centre, kinds: Set(ScriptCopyKind.allCases)),
                        limit: ids.count,
                        on: db
                    )
                )
            }
        } check: { claim, found in
            let (bundle, published) = found
            try pipeline.signer.verify(claim, link: bundle.link, now: now)
            let subject = DownloadGrant.Subject.bundle(
                centre: bundle.centre,
                items: bundle.items,
                manifestSHA256: ContentHash.sha256(Data(DownloadBundle.manifest(of: bundle.items).utf8)),
                current: Dictionary(uniqueKeysWithValues: published.compactMap { request in request.copy.map { (request.id, $0) } })
            )
            _ = try DownloadGrant.decide(bundle.link, opening: subject, delivered: 0, now: now, clockSkew: clockSkew)
            return bundle
        } auditRefusal: { found, status in
            try? await pipeline.database.transaction { db in
                try await bundles.recordDownload(
                    of: found.0.id,
                    clientAddress: context.clientAddress,
                    bytes: 0,
                    status: status,
                    at: now,
                    on: db
                )
            }
        }
    }

    /// The audit row, and on each copy's timeline the download (the first moves it to downloaded).
    private func recordDownload(of bundle: DownloadBundle, bytes: Int64, status: Int, complete: Bool, at now: Date, from address: String) async throws
    {
        try await pipeline.database.transaction { db in
            try await bundles.recordDownload(of: bundle.id, clientAddress: address, bytes: bytes, status: status, at: now, on: db)
            guard complete else { return }
            for item in bundle.items {
                let event = RequestEvent(at: now, status: .downloaded, detail: "Downloaded in bundle \(bundle.id) from \(address)")
                try await requests.record(event, for: item.requestID, from: [.ready], on: db)
            }
        }
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
