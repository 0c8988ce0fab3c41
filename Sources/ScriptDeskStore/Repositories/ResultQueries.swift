import Foundation
import SQLKit
public import ScriptDeskCore

/// Missing and incomplete results queries and their timelines. Every read takes a
/// `CentreScope`.
public struct ResultQueries: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new query and the first entry of its timeline; returns `false` (and records
    /// nothing) when a query for the same candidate, component, series and reason is still
    /// open: the unique index's answer, so two submissions at once cannot both pass.
    public func insert(_ query: ResultQuery, event: ResultQueryEvent, on db: StoreConnection) async throws -> Bool {
        let inserted = try await db.raw(
            """
            INSERT INTO result_queries (id, series_code, centre_number, candidate_number, component_code, reason,
                detail, indicator, requested_by, status, received_at, due_at)
            VALUES (\(bind: query.id), \(bind: query.series), \(bind: query.centre.rawValue), \(bind: query.candidate.rawValue),
                \(bind: query.component), \(bind: query.reason.rawValue), \(bind: query.detail), \(bind: query.indicator?.rawValue),
                \(bind: query.requestedBy), \(bind: query.status.rawValue), \(bind: SQLTime.text(query.receivedAt)),
                \(bind: SQLTime.text(query.dueAt)))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).all()
        guard !inserted.isEmpty else { return false }
        try await append(event, to: query.id, on: db)
        return true
    }

    /// One query, if the scope may see it.
    public func find(_ id: String, scope: CentreScope, on db: StoreConnection) async throws -> ResultQuery? {
        try await db.raw("SELECT * FROM result_queries WHERE id = \(bind: id) AND \(scope.clause)").first().map(Self.query(from:))
    }

    /// Whether a query about `result` for `reason` is still open.
    public func hasOpen(_ result: ResultKey, reason: ResultQuery.Reason, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS found FROM result_queries
            WHERE \(result.clause) AND reason = \(bind: reason.rawValue) AND status = 'received'
            LIMIT 1
            """
        ).first() != nil
    }

    /// What a listing is narrowed to, beyond its scope.
    public struct Filter: Sendable, Hashable {
        /// Only this series'.
        public var series: String?
        /// Only those in this status.
        public var status: ResultQuery.Status?
        /// Only those for this reason.
        public var reason: ResultQuery.Reason?
        /// Only this candidate's.
        public var candidate: CandidateNumber?
        /// The order of the listing.
        public var order: Enquiries.Filter.Order

        /// A filter; every part `nil` lists everything the scope sees, newest first unless
        /// `order` says otherwise.
        public init(
            series: String? = nil,
            status: ResultQuery.Status? = nil,
            reason: ResultQuery.Reason? = nil,
            candidate: CandidateNumber? = nil,
            order: Enquiries.Filter.Order = .newestFirst
        ) {
            self.series = series
            self.status = status
            self.reason = reason
            self.candidate = candidate
            self.order = order
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = []
            if let series { parts.append("series_code = \(bind: series)") }
            if let status { parts.append("status = \(bind: status.rawValue)") }
            if let reason { parts.append("reason = \(bind: reason.rawValue)") }
            if let candidate { parts.append("candidate_number = \(bind: candidate.rawValue)") }
            return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
        }
    }

    /// The queries a scope may see, narrowed by `filter`, in its order.
    public func list(scope: CentreScope, filter: Filter = Filter(), page: Page, on db: StoreConnection) async throws -> PageOf<ResultQuery> {
        let condition: SQLQueryString = "\(scope.clause) AND \(filter.clause)"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM result_queries WHERE \(condition)").first()?.int("n") ?? 0
        let order: SQLQueryString =
            switch filter.order {
            case .newestFirst: "received_at DESC, id DESC"
            case .dueSoonestFirst: "due_at ASC, id ASC"
            }
        let items = try await db.raw(
            """
            SELECT * FROM result_queries WHERE \(condition)
            ORDER BY \(order) LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """
        ).all().map(Self.query(from:))
        return PageOf(items: items, total: total, page: page)
    }

    /// Records `resolution` on a query still open, with its timeline entry; returns `false`
    /// (and changes nothing) when it is already resolved: a resolution is final.
    public func resolve(_ id: String, resolution: ResultQueryResolution, event: ResultQueryEvent, on db: StoreConnection) async throws -> Bool {
        let correction = resolution.correction
        let changed = try await db.raw(
            """
            UPDATE result_queries SET status = 'resolved',
                resolution = \(bind: correction == nil ? "explained" : "corrected"),
                previous_mark = \(bind: correction?.previousMark), previous_grade = \(bind: correction?.previousGrade),
                corrected_mark = \(bind: correction?.mark), corrected_grade = \(bind: correction?.grade),
                resolution_reason = \(bind: correction?.reason ?? resolution.explanation),
                resolved_at = \(bind: SQLTime.text(resolution.resolvedAt))
            WHERE id = \(bind: id) AND status = 'received'
            RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await append(event, to: id, on: db)
        return true
    }

    /// A query's timeline, oldest first.
    public func timeline(of id: String, on db: StoreConnection) async throws -> [ResultQueryEvent] {
        try await db.raw("SELECT at, status, detail FROM result_query_events WHERE query_id = \(bind: id) ORDER BY id").all().map { row in
            ResultQueryEvent(
                at: try row.date("at"),
                status: try row.value("status", as: ResultQuery.Status.self),
                detail: try row.string("detail")
            )
        }
    }

    private func append(_ event: ResultQueryEvent, to id: String, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO result_query_events (query_id, at, status, detail)
            VALUES (\(bind: id), \(bind: SQLTime.text(event.at)), \(bind: event.status.rawValue), \(bind: event.detail))
            """
        ).run()
    }

    static func query(from row: any SQLRow) throws -> ResultQuery {
        var resolution: ResultQueryResolution?
        if let resolvedAt = try row.optionalDate("resolved_at") {
            let reason = try row.string("resolution_reason")
            let kind = try row.string("resolution")
            let outcome: ResultQueryResolution.Outcome
            switch kind {
            case "corrected":
                outcome = .corrected(
                    ResultCorrection(
                        previousMark: try row.optionalInt("previous_mark"),
                        previousGrade: try row.optionalString("previous_grade"),
                        mark: try row.int("corrected_mark"),
                        grade: try row.string("corrected_grade"),
                        reason: reason
                    )
                )
            case "explained":
                outcome = .explained(reason)
            default:
                throw StoreError.corruptValue(column: "resolution", value: kind)
            }
            resolution = ResultQueryResolution(outcome: outcome, resolvedAt: resolvedAt)
        }
        let indicator = try row.optionalString("indicator").map { text in
            guard let indicator = ResultIndicator(rawValue: text) else { throw StoreError.corruptValue(column: "indicator", value: text) }
            return indicator
        }
        return ResultQuery(
            id: try row.string("id"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.candidate(),
            component: try row.string("component_code"),
            reason: try row.value("reason", as: ResultQuery.Reason.self),
            detail: try row.string("detail"),
            indicator: indicator,
            requestedBy: try row.string("requested_by"),
            status: try row.value("status", as: ResultQuery.Status.self),
            receivedAt: try row.date("received_at"),
            dueAt: try row.date("due_at"),
            resolution: resolution
        )
    }
}
