public import Foundation
import SQLKit
public import ScriptDeskCore

/// Appeals against enquiries' outcomes and their timelines. Every read takes a `CentreScope`.
public struct Appeals: Sendable {
    private let events = EventLog(table: "appeal_events", key: "appeal_id")

    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new appeal and the first entry of its timeline; returns `false` (and records
    /// nothing) when its enquiry already has an appeal at that stage: the key's answer, so
    /// two appeals at once cannot both pass.
    public func insert(_ appeal: Appeal, event: EnquiryEvent, on db: StoreConnection) async throws -> Bool {
        let inserted = try await db.raw(
            """
            INSERT INTO appeals (id, enquiry_id, stage, series_code, centre_number, candidate_number, component_code,
                statement, requested_by, status, received_at, due_at)
            VALUES (\(bind: appeal.id), \(bind: appeal.enquiry), \(bind: appeal.stage), \(bind: appeal.series),
                \(bind: appeal.centre.rawValue), \(bind: appeal.candidate?.rawValue), \(bind: appeal.component),
                \(bind: appeal.statement), \(bind: appeal.requestedBy), \(bind: appeal.status.rawValue),
                \(bind: SQLTime.text(appeal.receivedAt)), \(bind: SQLTime.text(appeal.dueAt)))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).all()
        guard !inserted.isEmpty else { return false }
        try await events.append(event, to: appeal.id, on: db)
        return true
    }

    /// One appeal, if the scope may see it.
    public func find(_ id: String, scope: CentreScope, on db: StoreConnection) async throws -> Appeal? {
        try await db.raw("SELECT * FROM appeals WHERE id = \(bind: id) AND \(scope.clause)").first().map(Self.appeal(from:))
    }

    /// The appeals against one enquiry's outcome, first stage first.
    public func against(_ enquiry: String, on db: StoreConnection) async throws -> [Appeal] {
        try await db.raw("SELECT * FROM appeals WHERE enquiry_id = \(bind: enquiry) ORDER BY stage").all().map(Self.appeal(from:))
    }

    /// What a listing is narrowed to, beyond its scope.
    public struct Filter: Sendable, Hashable {
        /// Only this series'.
        public var series: String?
        /// Only those in this status.
        public var status: Appeal.Status?
        /// Only this candidate's.
        public var candidate: CandidateNumber?
        /// The order of the listing.
        public var order: Enquiries.Filter.Order

        /// A filter; every part `nil` lists everything the scope sees, newest first unless
        /// `order` says otherwise.
        public init(
            series: String? = nil,
            status: Appeal.Status? = nil,
            candidate: CandidateNumber? = nil,
            order: Enquiries.Filter.Order = .newestFirst
        ) {
            self.series = series
            self.status = status
            self.candidate = candidate
            self.order = order
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = []
            if let series { parts.append("series_code = \(bind: series)") }
            if let status { parts.append("status = \(bind: status.rawValue)") }
            if let candidate { parts.append("candidate_number = \(bind: candidate.rawValue)") }
            return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
        }
    }

    /// The appeals a scope may see, narrowed by `filter`, in its order.
    public func list(scope: CentreScope, filter: Filter = Filter(), page: Page, on db: StoreConnection) async throws -> PageOf<Appeal> {
        let condition: SQLQueryString = "\(scope.clause) AND \(filter.clause)"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM appeals WHERE \(condition)").first()?.int("n") ?? 0
        let order: SQLQueryString =
            switch filter.order {
            case .newestFirst: "received_at DESC, id DESC"
            case .dueSoonestFirst: "due_at ASC, id ASC"
            }
        let items = try await db.raw(
            """
            SELECT * FROM appeals WHERE \(condition)
            ORDER BY \(order) LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """
        ).all().map(Self.appeal(from:))
        return PageOf(items: items, total: total, page: page)
    }

    /// Records `decision` on an appeal still awaiting one, with its timeline entry; returns
    /// `false` (and changes nothing) when it already has one: a decision is final.
    public func decide(_ id: String, decision: EnquiryOutcome, event: EnquiryEvent, on db: StoreConnection) async throws -> Bool {
        let changed = try await db.raw(
            """
            UPDATE appeals SET status = 'decided', previous_mark = \(bind: decision.previousMark),
                previous_grade = \(bind: decision.previousGrade), decision_mark = \(bind: decision.mark),
                decision_grade = \(bind: decision.grade), decision_reason = \(bind: decision.reason),
                decided_at = \(bind: SQLTime.text(decision.receivedAt))
            WHERE id = \(bind: id) AND status = 'received'
            RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await events.append(event, to: id, on: db)
        return true
    }

    /// An appeal's timeline, oldest first.
    public func timeline(of id: String, on db: StoreConnection) async throws -> [EnquiryEvent] {
        try await events.entries(of: id, on: db)
    }

    static func appeal(from row: any SQLRow) throws -> Appeal {
        var decision: EnquiryOutcome?
        if let decidedAt = try row.optionalDate("decided_at") {
            decision = EnquiryOutcome(
                previousMark: try row.int("previous_mark"),
                previousGrade: try row.string("previous_grade"),
                mark: try row.int("decision_mark"),
                grade: try row.string("decision_grade"),
                reason: try row.string("decision_reason"),
                receivedAt: decidedAt
            )
        }
        return Appeal(
            id: try row.string("id"),
            enquiry: try row.string("enquiry_id"),
            stage: try row.int("stage"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.optionalCandidate(),
            component: try row.string("component_code"),
            statement: try row.string("statement"),
            requestedBy: try row.string("requested_by"),
            status: try row.value("status", as: Appeal.Status.self),
            receivedAt: try row.date("received_at"),
            dueAt: try row.date("due_at"),
            decision: decision
        )
    }
}
