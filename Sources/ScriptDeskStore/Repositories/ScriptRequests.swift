import Foundation
import SQLKit
public import ScriptDeskCore

/// Script requests and their timelines. Every read takes a `RequestScope`.
public struct ScriptRequests: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new request and the first entry of its timeline.
    public func insert(_ request: ScriptRequest, event: RequestEvent, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO script_requests (id, series_code, centre_number, candidate_number, component_code, kind,
                consent_agreed, consent_obtained_at, identify, requested_by, status, created_at, updated_at)
            VALUES (\(bind: request.id), \(bind: request.series), \(bind: request.centre.rawValue),
                \(bind: request.candidate.rawValue), \(bind: request.component), \(bind: request.kind.rawValue),
                \(bind: request.consent.candidateAgreed ? 1 : 0), \(bind: SQLTime.text(request.consent.obtainedAt)),
                \(bind: request.consent.identify ? 1 : 0), \(bind: request.requestedBy), \(bind: request.status.rawValue),
                \(bind: SQLTime.text(request.createdAt)), \(bind: SQLTime.text(request.updatedAt)))
            """
        ).run()
        try await append(event, to: request.id, on: db)
    }

    /// One request, if the scope may see it.
    public func find(_ id: String, scope: RequestScope, on db: StoreConnection) async throws -> ScriptRequest? {
        try await db.raw("SELECT * FROM script_requests WHERE id = \(bind: id) AND \(Self.clause(for: scope))").first()
            .map(Self.request(from:))
    }

    /// A live (queued or processing) request for the same copy of the same script, if any.
    public func live(matching request: ScriptRequest, on db: StoreConnection) async throws -> ScriptRequest? {
        try await db.raw(
            """
            SELECT * FROM script_requests
            WHERE series_code = \(bind: request.series) AND centre_number = \(bind: request.centre.rawValue)
                AND candidate_number = \(bind: request.candidate.rawValue) AND component_code = \(bind: request.component)
                AND kind = \(bind: request.kind.rawValue) AND identify = \(bind: request.consent.identify ? 1 : 0)
                AND status IN ('queued', 'processing')
            ORDER BY created_at LIMIT 1
            """
        ).first().map(Self.request(from:))
    }

    /// What a listing is narrowed to, beyond its scope.
    public struct Filter: Sendable, Hashable {
        /// Only requests in this status.
        public var status: ScriptRequestStatus?
        /// Only copies of this kind.
        public var kind: ScriptCopyKind?
        /// Only this candidate's.
        public var candidate: CandidateNumber?
        /// Only this centre's (for those who see every centre).
        public var centre: CentreNumber?
        /// Only this series'.
        public var series: String?

        /// A filter; every part `nil` lists everything the scope sees.
        public init(
            status: ScriptRequestStatus? = nil,
            kind: ScriptCopyKind? = nil,
            candidate: CandidateNumber? = nil,
            centre: CentreNumber? = nil,
            series: String? = nil
        ) {
            self.status = status
            self.kind = kind
            self.candidate = candidate
            self.centre = centre
            self.series = series
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = []
            if let status { parts.append("status = \(bind: status.rawValue)") }
            if let kind { parts.append("kind = \(bind: kind.rawValue)") }
            if let candidate { parts.append("candidate_number = \(bind: candidate.rawValue)") }
            if let centre { parts.append("centre_number = \(bind: centre.rawValue)") }
            if let series { parts.append("series_code = \(bind: series)") }
            return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
        }
    }

    /// The requests a scope may see, narrowed by `filter`, newest first. The page's ids are
    /// found first, from the listing index alone, and only their rows are read: a deep page
    /// skips index entries, not whole rows.
    public func list(scope: RequestScope, filter: Filter = Filter(), page: Page, on db: StoreConnection) async throws -> PageOf<ScriptRequest> {
        let filter: SQLQueryString = "\(Self.clause(for: scope)) AND \(filter.clause)"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM script_requests WHERE \(filter)").first()?.int("n") ?? 0
        let items = try await db.raw(
            """
            SELECT * FROM script_requests WHERE id IN (
                SELECT id FROM script_requests WHERE \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: page.limit) OFFSET \(bind: page.offset))
            ORDER BY created_at DESC, id DESC
            """
        ).all().map(Self.request(from:))
        return PageOf(items: items, total: total, page: page)
    }

    /// The statuses of those of `ids` the scope sees, by id.
    public func statuses(of ids: [String], scope: RequestScope, on db: StoreConnection) async throws -> [String: ScriptRequestStatus] {
        guard !ids.isEmpty else { return [:] }
        let list: [any Encodable & Sendable] = ids
        var found: [String: ScriptRequestStatus] = [:]
        for row in try await db.raw(
            "SELECT id, status FROM script_requests WHERE id IN (\(binds: list)) AND \(Self.clause(for: scope))"
        ).all() {
            found[try row.string("id")] = try row.value("status", as: ScriptRequestStatus.self)
        }
        return found
    }

    /// How many requests the scope sees in each status (statuses with none are left out).
    public func statusCounts(scope: RequestScope, on db: StoreConnection) async throws -> [ScriptRequestStatus: Int] {
        let rows = try await db.raw(
            "SELECT status, COUNT(*) AS n FROM script_requests WHERE \(Self.clause(for: scope)) GROUP BY status"
        ).all()
        var counts: [ScriptRequestStatus: Int] = [:]
        for row in rows { counts[try row.value("status", as: ScriptRequestStatus.self)] = try row.int("n") }
        return counts
    }

    /// The requests with a copy to download (ready or downloaded) that the scope sees,
    /// of one component in one series, or of the given ids; by candidate, then kind.
    public func published(
        series: String? = nil,
        component: String? = nil,
        ids: [String]? = nil,
        scope: RequestScope,
        limit: Int,
        on db: StoreConnection
    ) async throws -> [ScriptRequest] {
        var filter: SQLQueryString = "status IN ('ready', 'downloaded') AND object_id IS NOT NULL AND \(Self.clause(for: scope))"
        if let series { filter = "\(filter) AND series_code = \(bind: series)" }
        if let component { filter = "\(filter) AND component_code = \(bind: component)" }
        if let ids {
            guard !ids.isEmpty else { return [] }
            let values: [any Encodable & Sendable] = ids
            filter = "\(filter) AND id IN (\(binds: values))"
        }
        return try await db.raw(
            """
            SELECT * FROM script_requests WHERE \(filter)
            ORDER BY candidate_number, component_code, kind, identify DESC, created_at DESC, id LIMIT \(bind: limit)
            """
        ).all().map(Self.request(from:))
    }

    /// A request's timeline, oldest first.
    public func timeline(of id: String, on db: StoreConnection) async throws -> [RequestEvent] {
        try await db.raw("SELECT at, status, detail FROM request_events WHERE request_id = \(bind: id) ORDER BY id").all().map { row in
            RequestEvent(at: try row.date("at"), status: try row.value("status", as: ScriptRequestStatus.self), detail: try row.string("detail"))
        }
    }

    /// Moves a request to the event's status and records the event, only while the request
    /// is in one of the `from` statuses; returns whether it moved. A late or repeated step
    /// (a stale worker, a second download) changes nothing.
    @discardableResult
    public func record(_ event: RequestEvent, for id: String, from: Set<ScriptRequestStatus>, on db: StoreConnection) async throws -> Bool {
        let allowed: [any Encodable & Sendable] = from.map(\.rawValue).sorted()
        let moved =
            try await db.raw(
                """
                UPDATE script_requests SET status = \(bind: event.status.rawValue), updated_at = \(bind: SQLTime.text(event.at))
                WHERE id = \(bind: id) AND status IN (\(binds: allowed))
                RETURNING id
                """
            ).first() != nil
        if moved { try await append(event, to: id, on: db) }
        return moved
    }

    /// Records the published copy and moves a live request to ready; `false` if it was not live.
    public func markReady(_ id: String, copy: ScriptRequest.PublishedCopy, event: RequestEvent, on db: StoreConnection) async throws -> Bool {
        guard try await record(event, for: id, from: Self.live, on: db) else { return false }
        try await db.raw(
            """
            UPDATE script_requests SET object_id = \(bind: copy.objectID), content_sha256 = \(bind: copy.sha256),
                byte_count = \(bind: copy.byteCount), page_count = \(bind: copy.pageCount), file_name = \(bind: copy.fileName),
                thumbnail_object_id = \(bind: copy.thumbnailObjectID),
                failure_code = NULL, failure_message = NULL
            WHERE id = \(bind: id)
            """
        ).run()
        return true
    }

    /// Records why a live request failed and moves it to failed; `false` if it was not live.
    @discardableResult
    public func markFailed(_ id: String, failure: ScriptRequest.Failure, event: RequestEvent, on db: StoreConnection) async throws -> Bool {
        guard try await record(event, for: id, from: Self.live, on: db) else { return false }
        try await db.raw(
            """
            UPDATE script_requests SET failure_code = \(bind: failure.code), failure_message = \(bind: failure.message)
            WHERE id = \(bind: id)
            """
        ).run()
        return true
    }

    /// Moves a failed request back to queued and forgets its failure; `false` if it had not failed.
    @discardableResult
    public func reopen(_ id: String, event: RequestEvent, on db: StoreConnection) async throws -> Bool {
        guard try await record(event, for: id, from: [.failed], on: db) else { return false }
        try await db.raw("UPDATE script_requests SET failure_code = NULL, failure_message = NULL WHERE id = \(bind: id)").run()
        return true
    }

    /// The statuses in which a request still has work ahead of it.
    public static let live = Set(ScriptRequestStatus.allCases.filter(\.isLive))

    private func append(_ event: RequestEvent, to id: String, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO request_events (request_id, at, status, detail)
            VALUES (\(bind: id), \(bind: SQLTime.text(event.at)), \(bind: event.status.rawValue), \(bind: event.detail))
            """
        ).run()
    }

    static func clause(for scope: RequestScope) -> SQLQueryString {
        switch scope {
        case .everyCentre:
            return "1 = 1"
        case .nothing:
            return "1 = 0"
        case .centre(let centre, let kinds, let subjects):
            guard !kinds.isEmpty, subjects?.isEmpty != true else { return "1 = 0" }
            let names: [any Encodable & Sendable] = kinds.map(\.rawValue).sorted()
            let clause: SQLQueryString = "centre_number = \(bind: centre.rawValue) AND kind IN (\(binds: names))"
            guard let subjects else { return clause }
            let codes: [any Encodable & Sendable] = subjects.sorted()
            return "\(clause) AND component_code IN (\(binds: codes))"
        }
    }

    static func request(from row: any SQLRow) throws -> ScriptRequest {
        var copy: ScriptRequest.PublishedCopy?
        if let objectID = try row.optionalString("object_id") {
            copy = ScriptRequest.PublishedCopy(
                objectID: objectID,
                sha256: try row.string("content_sha256"),
                byteCount: Int64(try row.int("byte_count")),
                pageCount: try row.int("page_count"),
                fileName: try row.string("file_name"),
                thumbnailObjectID: try row.optionalString("thumbnail_object_id")
            )
        }
        var failure: ScriptRequest.Failure?
        if let code = try row.optionalString("failure_code") {
            failure = ScriptRequest.Failure(code: code, message: try row.optionalString("failure_message") ?? "")
        }
        return ScriptRequest(
            id: try row.string("id"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.candidate(),
            component: try row.string("component_code"),
            kind: try row.value("kind", as: ScriptCopyKind.self),
            consent: ConsentRecord(
                candidateAgreed: try row.bool("consent_agreed"),
                obtainedAt: try row.date("consent_obtained_at"),
                identify: try row.bool("identify")
            ),
            requestedBy: try row.string("requested_by"),
            status: try row.value("status", as: ScriptRequestStatus.self),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            copy: copy,
            failure: failure
        )
    }
}
