import Foundation
import SQLKit
public import ScriptDeskCore

/// Subjects, their components and weightings, and each series' subject grade boundaries:
/// what a cash-in needs.
public struct Subjects: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Adds or replaces a subject and its parts.
    public func save(_ subject: Subject, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO subjects (code, title, qualification, max_mark)
            VALUES (\(bind: subject.code), \(bind: subject.title), \(bind: subject.qualification.rawValue), \(bind: subject.maxMark))
            ON CONFLICT (code) DO UPDATE SET title = excluded.title, qualification = excluded.qualification,
                max_mark = excluded.max_mark
            """
        ).run()
        try await db.raw("DELETE FROM subject_parts WHERE subject_code = \(bind: subject.code)").run()
        for (position, part) in subject.parts.enumerated() {
            try await db.raw(
                """
                INSERT INTO subject_parts (subject_code, position, component_code, weighting)
                VALUES (\(bind: subject.code), \(bind: position), \(bind: part.component), \(bind: part.weighting))
                """
            ).run()
        }
    }

    /// Sets the subject grade boundaries of `subject` in `series`, replacing any it had.
    public func save(_ boundaries: GradeBoundaries, series: String, subject: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM subject_boundaries WHERE series_code = \(bind: series) AND subject_code = \(bind: subject)").run()
        for boundary in boundaries.boundaries {
            try await db.raw(
                """
                INSERT INTO subject_boundaries (series_code, subject_code, grade, lowest_mark)
                VALUES (\(bind: series), \(bind: subject), \(bind: boundary.grade), \(bind: boundary.lowestMark))
                """
            ).run()
        }
    }

    /// Every subject, by code, each with its parts in order.
    public func all(on db: StoreConnection) async throws -> [Subject] {
        let rows = try await db.raw(
            """
            SELECT s.code, s.title, s.qualification, s.max_mark, p.component_code, p.weighting
            FROM subjects s JOIN subject_parts p ON p.subject_code = s.code
            ORDER BY s.code, p.position
            """
        ).all()
        var subjects: [Subject] = []
        for row in rows {
            let code = try row.string("code")
            let part = Subject.Part(component: try row.string("component_code"), weighting: try row.int("weighting"))
            if subjects.last?.code == code {
                subjects[subjects.count - 1].parts.append(part)
            } else {
                subjects.append(
                    Subject(
                        code: code,
                        title: try row.string("title"),
                        qualification: try row.value("qualification", as: QualificationType.self),
                        maxMark: try row.int("max_mark"),
                        parts: [part]
                    )
                )
            }
        }
        return subjects
    }

    /// One subject, or `nil` when there is none with that code.
    public func find(_ code: String, on db: StoreConnection) async throws -> Subject? {
        try await all(on: db).first { $0.code == code }
    }

    /// The subject grade boundaries of `subject` in `series`, or `nil` when none are set.
    public func boundaries(series: String, subject: String, on db: StoreConnection) async throws -> GradeBoundaries? {
        let rows = try await db.raw(
            "SELECT grade, lowest_mark FROM subject_boundaries WHERE series_code = \(bind: series) AND subject_code = \(bind: subject)"
        ).all()
        guard !rows.isEmpty else { return nil }
        do {
            return try GradeBoundaries(try rows.map { .init(grade: try $0.string("grade"), lowestMark: try $0.int("lowest_mark")) })
        } catch {
            throw StoreError.corruptValue(column: "subject_boundaries", value: "\(series) \(subject)")
        }
    }

    /// A candidate of a centre and their results, in any series, in the components asked about.
    public struct Holding: Sendable {
        /// The candidate.
        public var candidate: Candidate
        /// Their results in the components, every series, oldest series first.
        public var results: [ComponentResult]
    }

    /// Every candidate of `centre` (by number), or only `candidate`, with their results in
    /// `components` in every series up to and including `series`.
    public func holdings(
        of centre: CentreNumber,
        candidate: CandidateNumber? = nil,
        in components: [String],
        upTo series: String,
        on db: StoreConnection
    ) async throws -> [Holding] {
        let only: SQLQueryString = candidate.map { "AND c.candidate_number = \(bind: $0.rawValue)" } ?? ""
        let people = try await db.raw(
            """
            SELECT c.centre_number, c.candidate_number, c.uci, c.name FROM candidates c
            WHERE c.centre_number = \(bind: centre.rawValue) \(only) ORDER BY c.candidate_number
            """
        ).all()
        let wanted = SQLList(components.map { SQLBind($0) })
        let resultOnly: SQLQueryString = candidate.map { "AND r.candidate_number = \(bind: $0.rawValue)" } ?? ""
        let rows =
            components.isEmpty
            ? []
            : try await db.raw(
                """
                SELECT r.* FROM results r
                WHERE r.centre_number = \(bind: centre.rawValue) \(resultOnly) AND r.series_code <= \(bind: series)
                    AND r.component_code IN (\(wanted))
                ORDER BY r.candidate_number, r.series_code, r.component_code
                """
            ).all()
        var results: [CandidateNumber: [ComponentResult]] = [:]
        for row in rows {
            let result = try ReferenceData.result(from: row)
            results[result.candidate, default: []].append(result)
        }
        return try people.map { row in
            let person = Candidate(
                centre: try row.centre(),
                number: try row.candidate(),
                uci: try row.string("uci"),
                name: try row.string("name")
            )
            return Holding(candidate: person, results: results[person.number] ?? [])
        }
    }
}
