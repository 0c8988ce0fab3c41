public import Foundation
import SQLKit
public import ScriptDeskCore

/// Enquiries about results and their timelines. Every read takes a `CentreScope`.
public struct Enquiries: Sendable {
    private let events = EventLog(table: "enquiry_events", key: "enquiry_id")

    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new enquiry and the first entry of its timeline; returns `false` (and
    /// records nothing) when the candidate already has a review of marking of the component
    /// in the series: the unique index's answer, so two submissions at once cannot both pass.
    public func insert(_ enquiry: Enquiry, event: EnquiryEvent, on db: StoreConnection) async throws -> Bool {
        let consent = enquiry.consent
        let inserted = try await db.raw(
            """
            INSERT INTO enquiries (id, series_code, centre_number, candidate_number, component_code, service,
                consent_agreed, consent_obtained_at, consent_acknowledged, requested_by, status, received_at, due_at, fee_pence)
            VALUES (\(bind: enquiry.id), \(bind: enquiry.series), \(bind: enquiry.centre.rawValue),
                \(bind: enquiry.candidate?.rawValue), \(bind: enquiry.component), \(bind: enquiry.service.rawValue),
                \(bind: consent.map { $0.candidateAgreed ? 1 : 0 }), \(bind: consent.map { SQLTime.text($0.obtainedAt) }),
                \(bind: consent.map { $0.acknowledgesMarksMayGoDown ? 1 : 0 }), \(bind: enquiry.requestedBy),
                \(bind: enquiry.status.rawValue), \(bind: SQLTime.text(enquiry.receivedAt)), \(bind: SQLTime.text(enquiry.dueAt)),
                \(bind: enquiry.feeInPence))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).all()
        guard !inserted.isEmpty else { return false }
        try await events.append(event, to: enquiry.id, on: db)
        return true
    }

    /// One enquiry, if the scope may see it.
    public func find(_ id: String, scope: CentreScope, on db: StoreConnection) async throws -> Enquiry? {
        try await db.raw("SELECT * FROM enquiries WHERE id = \(bind: id) AND \(scope.clause)").first().map(Self.enquiry(from:))
    }

    /// What a listing is narrowed to, beyond its scope.
    public struct Filter: Sendable, Hashable {
        /// Only this series'.
        public var series: String?
        /// Only those in this status.
        public var status: Enquiry.Status?
        /// Only this service's.
        public var service: EnquiryService?
        /// Only this candidate's.
        public var candidate: CandidateNumber?
        /// The order of the listing.
        public var order: Order

        /// How a listing is ordered.
        public enum Order: Sendable, Hashable {
            /// The latest received first: a centre following its enquiries.
            case newestFirst
            /// The soonest due first: a work list.
            case dueSoonestFirst
        }

        /// A filter; every part `nil` lists everything the scope sees, newest first unless
        /// `order` says otherwise.
        public init(
            series: String? = nil,
            status: Enquiry.Status? = nil,
            service: EnquiryService? = nil,
            candidate: CandidateNumber? = nil,
            order: Order = .newestFirst
        ) {
            self.series = series
            self.status = status
            self.service = service
            self.candidate = candidate
            self.order = order
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = []
            if let series { parts.append("series_code = \(bind: series)") }
            if let status { parts.append("status = \(bind: status.rawValue)") }
            if let service { parts.append("service = \(bind: service.rawValue)") }
            if let candidate { parts.append("candidate_number = \(bind: candidate.rawValue)") }
            return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
        }
    }

    /// The enquiries a scope may see, narrowed by `filter`, in its order.
    public func list(scope: CentreScope, filter: Filter = Filter(), page: Page, on db: StoreConnection) async throws -> PageOf<Enquiry> {
        let condition: SQLQueryString = "\(scope.clause) AND \(filter.clause)"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM enquiries WHERE \(condition)").first()?.int("n") ?? 0
        let order: SQLQueryString =
            switch filter.order {
            case .newestFirst: "received_at DESC, id DESC"
            case .dueSoonestFirst: "due_at ASC, id ASC"
            }
        let items = try await db.raw(
            """
            SELECT * FROM enquiries WHERE \(condition)
            ORDER BY \(order) LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """
        ).all().map(Self.enquiry(from:))
        return PageOf(items: items, total: total, page: page)
    }

    /// Whether the candidate already has a review of marking (ordinary or priority) of the
    /// component in the series.
    public func hasReviewOfMarking(_ result: ResultKey, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS found FROM enquiries WHERE \(result.clause)
                AND service IN ('review-of-marking', 'priority-review-of-marking')
            LIMIT 1
            """
        ).first() != nil
    }

    /// Records `outcome` on an enquiry still awaiting one, with its timeline entry; returns
    /// `false` (and changes nothing) when it already has one: an outcome is final.
    public func decide(_ id: String, outcome: EnquiryOutcome, event: EnquiryEvent, on db: StoreConnection) async throws -> Bool {
        let changed = try await db.raw(
            """
            UPDATE enquiries SET status = 'decided', previous_mark = \(bind: outcome.previousMark),
                previous_grade = \(bind: outcome.previousGrade), outcome_mark = \(bind: outcome.mark),
                outcome_grade = \(bind: outcome.grade), outcome_reason = \(bind: outcome.reason),
                outcome_received_at = \(bind: SQLTime.text(outcome.receivedAt))
            WHERE id = \(bind: id) AND status = 'received'
            RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await events.append(event, to: id, on: db)
        return true
    }

    /// Records a review of moderation's `outcome` on an enquiry still awaiting one, with its
    /// timeline entry; returns `false` (and changes nothing) when it already has one.
    public func decide(_ id: String, cohortOutcome outcome: CohortOutcome, event: EnquiryEvent, on db: StoreConnection) async throws -> Bool {
        let changed = try await db.raw(
            """
            UPDATE enquiries SET status = 'decided', cohort_adjustment = \(bind: outcome.adjustment),
                cohort_results_revised = \(bind: outcome.resultsRevised), outcome_reason = \(bind: outcome.reason),
                outcome_received_at = \(bind: SQLTime.text(outcome.receivedAt))
            WHERE id = \(bind: id) AND status = 'received'
            RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await events.append(event, to: id, on: db)
        return true
    }

    /// An enquiry's timeline, oldest first.
    public func timeline(of id: String, on db: StoreConnection) async throws -> [EnquiryEvent] {
        try await events.entries(of: id, on: db)
    }

    static func enquiry(from row: any SQLRow) throws -> Enquiry {
        let candidate = try row.optionalCandidate()
        let consent: EnquiryConsent? =
            if let obtainedAt = try row.optionalDate("consent_obtained_at") {
                EnquiryConsent(
                    candidateAgreed: try row.bool("consent_agreed"),
                    obtainedAt: obtainedAt,
                    acknowledgesMarksMayGoDown: try row.bool("consent_acknowledged")
                )
            } else {
                nil
            }
        var outcome: EnquiryOutcome?
        var cohortOutcome: CohortOutcome?
        if let receivedAt = try row.optionalDate("outcome_received_at"), let adjustment = try row.optionalInt("cohort_adjustment") {
            cohortOutcome = CohortOutcome(
                adjustment: adjustment,
                reason: try row.string("outcome_reason"),
                receivedAt: receivedAt,
                resultsRevised: try row.int("cohort_results_revised")
            )
        } else if let receivedAt = try row.optionalDate("outcome_received_at") {
            outcome = EnquiryOutcome(
                previousMark: try row.int("previous_mark"),
                previousGrade: try row.string("previous_grade"),
                mark: try row.int("outcome_mark"),
                grade: try row.string("outcome_grade"),
                reason: try row.string("outcome_reason"),
                receivedAt: receivedAt
            )
        }
        return Enquiry(
            id: try row.string("id"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: candidate,
            component: try row.string("component_code"),
            service: try row.value("service", as: EnquiryService.self),
            consent: consent,
            requestedBy: try row.string("requested_by"),
            status: try row.value("status", as: Enquiry.Status.self),
            receivedAt: try row.date("received_at"),
            dueAt: try row.date("due_at"),
            feeInPence: try row.int("fee_pence"),
            outcome: outcome,
            cohortOutcome: cohortOutcome
        )
    }
}
