import Foundation
import ScriptDeskCore

/// A script request as the API shows it.
struct ScriptRequestView: Encodable {
    struct Download: Encodable {
        /// The link's id, for `POST /api/v1/download-links/{id}/revoke`.
        var linkID: String
        var url: String
        var expiresAt: Date
        var fileName: String
        var bytes: Int64
        var pages: Int
        var sha256: String
        /// Whole downloads the link allows; absent for no limit.
        var downloadAllowance: Int?
    }

    /// One download made through the request's links, or the attempts refused through one
    /// link from one address for one reason in one minute, counted: the audit, beside the
    /// timeline. Refused attempts carry `count`, `firstAt` (as `at`), `lastAt` and `code`.
    struct DownloadRecord: Encodable {
        var id: Int64?
        var at: Date
        var linkID: String
        var clientAddress: String
        var bytes: Int64
        var status: Int
        /// The refusal's `link.*` code (absent for one recorded before refusals were counted).
        var code: String?
        var count: Int?
        var firstAt: Date?
        var lastAt: Date?
    }

    var id: String
    var series: String
    var centre: String
    var candidate: String
    var component: String
    var kind: ScriptCopyKind
    var anonymised: Bool
    var status: ScriptRequestStatus
    var createdAt: Date
    var updatedAt: Date
    var download: Download?
    var failure: ScriptRequest.Failure?
    var timeline: [RequestEvent]?
    var downloads: [DownloadRecord]?
    var links: [String: String]

    init(_ request: ScriptRequest, download: Download? = nil, timeline: [RequestEvent]? = nil, downloads: [DownloadRecord]? = nil) {
        id = request.id
        series = request.series
        centre = request.centre.rawValue
        candidate = request.candidate.rawValue
        component = request.component
        kind = request.kind
        anonymised = request.isAnonymised
        status = request.status
        createdAt = request.createdAt
        updatedAt = request.updatedAt
        self.download = download
        failure = request.failure
        self.timeline = timeline
        self.downloads = downloads
        links = ["self": "/api/v1/script-requests/\(request.id)"]
    }
}

/// One page of a listing.
struct ListingView<Item: Encodable>: Encodable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int
    var next: String?
}
