import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// Following script requests: a caller's listing, and one request's details (status,
/// timeline, the download audit and, while its copy is ready, the live link), waiting if
/// asked until the request settles so a client need not poll.
public struct RequestTracking: Sendable {
    let database: Database
    let links: LinkService
    let access: AccessPolicy
    /// Rung whenever a request's status changes in this process.
    let statusChanges: Doorbell
    private let requests = ScriptRequests()

    /// Reads requests from `database` as `access` lets a caller see them, offering links
    /// through `links`; a wait watches `statusChanges`.
    public init(database: Database, links: LinkService, access: AccessPolicy, statusChanges: Doorbell) {
        self.database = database
        self.links = links
        self.access = access
        self.statusChanges = statusChanges
    }

    /// The requests `caller` may see, narrowed by `filter`, newest first.
    public func list(for caller: Caller, filter: ScriptRequests.Filter = .init(), page: Page) async throws -> PageOf<ScriptRequest> {
        let scope = access.requestScope(for: caller)
        return try await database.read { try await requests.list(scope: scope, filter: filter, page: page, on: $0) }
    }

    /// How many of the requests `caller` may see are in each status.
    public func statusCounts(for caller: Caller) async throws -> [ScriptRequestStatus: Int] {
        let scope = access.requestScope(for: caller)
        return try await database.read { try await requests.statusCounts(scope: scope, on: $0) }
    }

    /// The most requests whose statuses one call watches.
    public static let watchLimit = 100

    /// The statuses of those of `ids` (the first `watchLimit`) that `caller` may see,
    /// answered as soon as one differs from `known`, or after `wait` with them as they are.
    public func statuses(
        of ids: [String],
        for caller: Caller,
        differingFrom known: [String: ScriptRequestStatus] = [:],
        waitingUpTo wait: Duration = .zero
    ) async throws -> [String: ScriptRequestStatus] {
        let scope = access.requestScope(for: caller)
        let ids = Array(ids.prefix(Self.watchLimit))
        let deadline = ContinuousClock.now + wait
        while true {
            let seen = statusChanges.generation
            let current = try await database.read { try await requests.statuses(of: ids, scope: scope, on: $0) }
            guard current == known, ContinuousClock.now < deadline else { return current }
            // A change made by another process rings no bell here: look again every second.
            await statusChanges.wait(since: seen, timeout: min(deadline - ContinuousClock.now, .seconds(1)))
        }
    }

    /// One request as its details show it.
    public struct Details: Sendable {
        /// The request as stored.
        public var request: ScriptRequest
        /// Its timeline, oldest first.
        public var timeline: [RequestEvent]
        /// The live link to the copy and its token, while there is a copy to download.
        public var offer: LinkService.Issued?
        /// The first `auditPage` downloads and counts of refused attempts through the
        /// request's links, oldest first.
        public var downloads: [DownloadLinks.Download]
        /// Whether more follow (`downloads(of:for:after:limit:)` reads them).
        public var moreDownloads: Bool
    }

    /// How many downloads a request's details carry, and the most one page of them may.
    public static let auditPage = 100

    /// Up to `limit` of request `id`'s downloads and counts of refused attempts after the
    /// one whose id is `after`, oldest first, for `caller`, and whether more follow.
    public func downloads(
        of id: String,
        for caller: Caller,
        after: Int64?,
        limit: Int = auditPage
    ) async throws -> (items: [DownloadLinks.Download], more: Bool) {
        let scope = access.requestScope(for: caller)
        let page = min(max(limit, 1), Self.auditPage)
        let found = try await database.read { db -> [DownloadLinks.Download]? in
            guard try await requests.find(id, scope: scope, on: db) != nil else { return nil }
            return try await DownloadLinks().downloads(ofRequest: id, after: after, limit: page + 1, on: db)
        }
        guard let found else { throw LinkServiceError.requestNotFound(id) }
        return (Array(found.prefix(page)), found.count > page)
    }

    /// The details of request `id` for `caller`; with `wait` above zero, answers once the
    /// request settles or `wait` passes, whichever is first.
    public func details(of id: String, for caller: Caller, waitingUpTo wait: Duration = .zero) async throws -> Details {
        let scope = access.requestScope(for: caller)
        try await waitWhileLive(id, scope: scope, upTo: wait)
        let found = try await database.read { db -> (ScriptRequest, [RequestEvent], DownloadLink?, [DownloadLinks.Download])? in
            guard let request = try await requests.find(id, scope: scope, on: db) else { return nil }
            let links = DownloadLinks()
            return (
                request, try await requests.timeline(of: id, on: db), try await links.latest(forRequest: id, on: db),
                try await links.downloads(ofRequest: id, limit: Self.auditPage + 1, on: db)
            )
        }
        guard let (request, timeline, link, downloads) = found else { throw LinkServiceError.requestNotFound(id) }
        return Details(
            request: request,
            timeline: timeline,
            offer: try links.offer(for: request, newest: link),
            downloads: Array(downloads.prefix(Self.auditPage)),
            moreDownloads: downloads.count > Self.auditPage
        )
    }

    private func waitWhileLive(_ id: String, scope: RequestScope, upTo wait: Duration) async throws {
        guard wait > .zero else { return }
        let deadline = ContinuousClock.now + wait
        while ContinuousClock.now < deadline {
            let seen = statusChanges.generation
            let status = try await database.read { try await requests.find(id, scope: scope, on: $0)?.status }
            guard let status, status.isLive else { return }
            // A change made by another process rings no bell here: look again every second.
            await statusChanges.wait(since: seen, timeout: min(deadline - ContinuousClock.now, .seconds(1)))
        }
    }
}
