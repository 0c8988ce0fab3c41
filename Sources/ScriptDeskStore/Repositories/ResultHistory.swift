public import Foundation
import SQLKit
public import ScriptDeskCore

/// Grade boundaries, and the revisions of results: a result is only ever changed here, in
/// the same statement group that records the change, so its history is never behind it.
public struct ResultHistory: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Sets the grade boundaries of `component` in `series`, replacing any it had.
    public func save(_ boundaries: GradeBoundaries, series: String, component: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM grade_boundaries WHERE series_code = \(bind: series) AND component_code = \(bind: component)").run()
        for boundary in boundaries.boundaries {
            try await db.raw(
                """
                INSERT INTO grade_boundaries (series_code, component_code, grade, lowest_mark)
                VALUES (\(bind: series), \(bind: component), \(bind: boundary.grade), \(bind: boundary.lowestMark))
                """
            ).run()
        }
    }

    /// The grade boundaries of `component` in `series`, or `nil` when none are set.
    public func boundaries(series: String, component: String, on db: StoreConnection) async throws -> GradeBoundaries? {
        let rows = try await db.raw(
            "SELECT grade, lowest_mark FROM grade_boundaries WHERE series_code = \(bind: series) AND component_code = \(bind: component)"
        ).all()
        guard !rows.isEmpty else { return nil }
        do {
            return try GradeBoundaries(try rows.map { .init(grade: try $0.string("grade"), lowestMark: try $0.int("lowest_mark")) })
        } catch {
            throw StoreError.corruptValue(column: "grade_boundaries", value: "\(series) \(component)")
        }
    }

    /// Revises `result` to `outcome`'s mark and grade, with its history, when either
    /// changed (an enquiry's outcome, an appeal's decision); `cause` and `causeID` say what
    /// revised it. Returns the revision, or `nil` when nothing changed.
    @discardableResult
    public func revise(
        _ result: ResultKey,
        to outcome: EnquiryOutcome,
        cause: ResultRevision.Cause,
        causeID: String,
        on db: StoreConnection
    ) async throws -> ResultRevision? {
        guard outcome.mark != outcome.previousMark || outcome.grade != outcome.previousGrade else { return nil }
        return try await revise(
            result,
            mark: outcome.mark,
            grade: outcome.grade,
            reason: outcome.reason,
            cause: cause,
            causeID: causeID,
            at: outcome.receivedAt,
            on: db
        )
    }

    /// Changes `result`'s mark and grade to `mark` and `grade` and records the revision
    /// (numbered after the result's last); run it inside the transaction that makes the cause
    /// final, so the two stand or fall together. Returns the revision, or `nil` when there is
    /// no such result.
    public func revise(
        _ result: ResultKey,
        mark: Int?,
        grade: String?,
        reason: String,
        cause: ResultRevision.Cause,
        causeID: String?,
        at now: Date,
        on db: StoreConnection
    ) async throws -> ResultRevision? {
        let lock: SQLQueryString = db.dialect == .postgres ? " FOR UPDATE" : ""
        guard
            let current = try await db.raw(
                "SELECT mark, grade FROM results WHERE \(result.clause)\(lock)"
            ).first()
        else { return nil }
        let last = try await db.raw("SELECT MAX(revision) AS n FROM result_revisions WHERE \(result.clause)").first()?.optionalInt("n") ?? 0
        let revision = ResultRevision(
            number: last + 1,
            previousMark: try current.optionalInt("mark"),
            previousGrade: try current.optionalString("grade"),
            mark: mark,
            grade: grade,
            reason: reason,
            cause: cause,
            causeID: causeID,
            at: now
        )
        try await db.raw("UPDATE results SET mark = \(bind: mark), grade = \(bind: grade) WHERE \(result.clause)").run()
        try await db.raw(
            """
            INSERT INTO result_revisions (series_code, centre_number, candidate_number, component_code, revision,
                previous_mark, previous_grade, mark, grade, reason, cause, cause_id, at)
            VALUES (\(bind: result.series), \(bind: result.centre.rawValue), \(bind: result.candidate.rawValue),
                \(bind: result.component), \(bind: revision.number), \(bind: revision.previousMark), \(bind: revision.previousGrade),
                \(bind: mark), \(bind: grade), \(bind: reason), \(bind: cause.rawValue), \(bind: causeID), \(bind: SQLTime.text(now)))
            """
        ).run()
        return revision
    }

    /// Every revision of `result`, first first.
    public func revisions(of result: ResultKey, on db: StoreConnection) async throws -> [ResultRevision] {
        try await db.raw("SELECT * FROM result_revisions WHERE \(result.clause) ORDER BY revision").all().map(Self.revision(from:))
    }

    /// Every revision of any of `candidate`'s results at `centre` in `series`, by component
    /// code, each component's first first.
    public func revisions(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        on db: StoreConnection
    ) async throws -> [(component: String, revision: ResultRevision)] {
        try await db.raw(
            """
            SELECT * FROM result_revisions WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
                AND candidate_number = \(bind: candidate.rawValue)
            ORDER BY component_code, revision
            """
        ).all().map { row in (component: try row.string("component_code"), revision: try Self.revision(from: row)) }
    }

    private static func revision(from row: any SQLRow) throws -> ResultRevision {
        ResultRevision(
            number: try row.int("revision"),
            previousMark: try row.optionalInt("previous_mark"),
            previousGrade: try row.optionalString("previous_grade"),
            mark: try row.optionalInt("mark"),
            grade: try row.optionalString("grade"),
            reason: try row.string("reason"),
            cause: try row.value("cause", as: ResultRevision.Cause.self),
            causeID: try row.optionalString("cause_id"),
            at: try row.date("at")
        )
    }
}

/// Which result: a candidate's component in a series.
public struct ResultKey: Hashable, Sendable {
    /// The series code.
    public var series: String
    /// The centre.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// The component code.
    public var component: String

    /// The result of `candidate` at `centre` in `component` in `series`.
    public init(series: String, centre: CentreNumber, candidate: CandidateNumber, component: String) {
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
    }

    /// The key of `result`.
    public init(_ result: ComponentResult) {
        self.init(series: result.series, centre: result.centre, candidate: result.candidate, component: result.component)
    }

    var clause: SQLQueryString {
        """
        series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue) \
        AND candidate_number = \(bind: candidate.rawValue) AND component_code = \(bind: component)
        """
    }
}
