public import Foundation
import SQLKit
public import ScriptDeskCore

/// Late certification requests and their awards. Every read takes a `CentreScope`.
public struct Certifications: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new request; returns `false` (and records nothing) when the candidate
    /// already has one for the subject: the unique index's answer, so two requests at once
    /// cannot both pass.
    public func insert(_ request: Certification, on db: StoreConnection) async throws -> Bool {
        try await !db.raw(
            """
            INSERT INTO certifications (id, series_code, centre_number, candidate_number, subject_code, requested_by,
                status, received_at, fee_pence)
            VALUES (\(bind: request.id), \(bind: request.series), \(bind: request.centre.rawValue),
                \(bind: request.candidate.rawValue), \(bind: request.subject), \(bind: request.requestedBy),
                \(bind: request.status.rawValue), \(bind: SQLTime.text(request.receivedAt)), \(bind: request.feeInPence))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).all().isEmpty
    }

    /// One request, if the scope may see it.
    public func find(_ id: String, scope: CentreScope, on db: StoreConnection) async throws -> Certification? {
        try await db.raw("SELECT * FROM certifications WHERE id = \(bind: id) AND \(scope.clause)").first().map(Self.certification(from:))
    }

    /// The series of each of `centre`'s candidates' standing request (not withdrawn) for `subject`.
    public func certificated(subject: String, centre: CentreNumber, on db: StoreConnection) async throws -> [CandidateNumber: String] {
        let rows = try await db.raw(
            """
            SELECT candidate_number, series_code FROM certifications
            WHERE centre_number = \(bind: centre.rawValue) AND subject_code = \(bind: subject) AND status <> 'withdrawn'
            """
        ).all()
        return Dictionary(try rows.map { (try $0.candidate(), try $0.string("series_code")) }, uniquingKeysWith: { first, _ in first })
    }

    /// What a listing is narrowed to, beyond its scope.
    public struct Filter: Sendable, Hashable {
        /// Only this series'.
        public var series: String?
        /// Only those in this status.
        public var status: Certification.Status?
        /// Only this candidate's.
        public var candidate: CandidateNumber?

        /// A filter; every part `nil` lists everything the scope sees.
        public init(series: String? = nil, status: Certification.Status? = nil, candidate: CandidateNumber? = nil) {
            self.series = series
            self.status = status
            self.candidate = candidate
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = []
            if let series { parts.append("series_code = \(bind: series)") }
            if let status { parts.append("status = \(bind: status.rawValue)") }
            if let candidate { parts.append("candidate_number = \(bind: candidate.rawValue)") }
            return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
        }
    }

    /// The requests a scope may see, narrowed by `filter`, newest first.
    public func list(scope: CentreScope, filter: Filter = Filter(), page: Page, on db: StoreConnection) async throws -> PageOf<Certification> {
        let condition: SQLQueryString = "\(scope.clause) AND \(filter.clause)"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM certifications WHERE \(condition)").first()?.int("n") ?? 0
        let items = try await db.raw(
            """
            SELECT * FROM certifications WHERE \(condition)
            ORDER BY received_at DESC, id DESC LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """
        ).all().map(Self.certification(from:))
        return PageOf(items: items, total: total, page: page)
    }

    /// Records the award of a request still requested; returns `false` (and changes
    /// nothing) when it is not: awarded already, or withdrawn.
    public func award(_ id: String, _ award: CashIn.Award, at now: Date, on db: StoreConnection) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE certifications SET status = 'awarded', award_mark = \(bind: award.mark), award_grade = \(bind: award.grade),
                awarded_at = \(bind: SQLTime.text(now))
            WHERE id = \(bind: id) AND status = 'requested'
            RETURNING id
            """
        ).all().isEmpty
    }

    /// Withdraws a request still requested; returns `false` (and changes nothing) when it is not.
    public func withdraw(_ id: String, on db: StoreConnection) async throws -> Bool {
        try await !db.raw(
            "UPDATE certifications SET status = 'withdrawn' WHERE id = \(bind: id) AND status = 'requested' RETURNING id"
        ).all().isEmpty
    }

    static func certification(from row: any SQLRow) throws -> Certification {
        let mark = try row.optionalInt("award_mark")
        let grade = try row.optionalString("award_grade")
        return Certification(
            id: try row.string("id"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.candidate(),
            subject: try row.string("subject_code"),
            requestedBy: try row.string("requested_by"),
            status: try row.value("status", as: Certification.Status.self),
            receivedAt: try row.date("received_at"),
            feeInPence: try row.int("fee_pence"),
            award: mark.flatMap { mark in grade.map { CashIn.Award(mark: mark, grade: $0) } },
            awardedAt: try row.optionalDate("awarded_at")
        )
    }
}
