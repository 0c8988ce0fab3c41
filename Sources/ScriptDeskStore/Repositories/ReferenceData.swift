import Foundation
import SQLKit
public import ScriptDeskCore

/// Centres, candidates, series, components, results and scripts: what the awarding body
/// already knows before any request arrives.
public struct ReferenceData: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    // MARK: Writing (seeding and imports)

    /// Adds a centre, or renames it and replaces its exams officer's address.
    public func save(_ centre: Centre, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO centres (number, name, exams_officer_email)
            VALUES (\(bind: centre.number.rawValue), \(bind: centre.name), \(bind: centre.examsOfficerEmail))
            ON CONFLICT (number) DO UPDATE SET name = excluded.name, exams_officer_email = excluded.exams_officer_email
            """
        ).run()
    }

    /// Adds or replaces a series and its calendar.
    public func save(_ series: Series, on db: StoreConnection) async throws {
        let c = series.calendar
        try await db.raw(
            """
            INSERT INTO series (code, name, results_day, priority_script_deadline, priority_review_deadline,
                final_enquiry_deadline, teaching_copy_deadline, late_certification_deadline, script_retention_end,
                archive_url_template)
            VALUES (\(bind: series.code), \(bind: series.name), \(bind: SQLTime.text(c.resultsDay)),
                \(bind: SQLTime.text(c.priorityScriptDeadline)), \(bind: SQLTime.text(c.priorityReviewDeadline)),
                \(bind: SQLTime.text(c.finalEnquiryDeadline)), \(bind: SQLTime.text(c.teachingCopyDeadline)),
                \(bind: SQLTime.text(c.lateCertificationDeadline)), \(bind: SQLTime.text(c.scriptRetentionEnd)),
                \(bind: series.archiveURLTemplate))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, results_day = excluded.results_day,
                priority_script_deadline = excluded.priority_script_deadline,
                priority_review_deadline = excluded.priority_review_deadline,
                final_enquiry_deadline = excluded.final_enquiry_deadline,
                teaching_copy_deadline = excluded.teaching_copy_deadline,
                late_certification_deadline = excluded.late_certification_deadline,
                script_retention_end = excluded.script_retention_end,
                archive_url_template = excluded.archive_url_template
            """
        ).run()
    }

    /// Adds or replaces a component.
    public func save(_ component: Component, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO components (code, title, qualification, max_mark, kind)
            VALUES (\(bind: component.code), \(bind: component.title), \(bind: component.qualification.rawValue),
                \(bind: component.maxMark), \(bind: component.kind.rawValue))
            ON CONFLICT (code) DO UPDATE SET title = excluded.title, qualification = excluded.qualification,
                max_mark = excluded.max_mark, kind = excluded.kind
            """
        ).run()
    }

    /// Adds or replaces a candidate.
    public func save(_ candidate: Candidate, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO candidates (centre_number, candidate_number, uci, name)
            VALUES (\(bind: candidate.centre.rawValue), \(bind: candidate.number.rawValue), \(bind: candidate.uci),
                \(bind: candidate.name))
            ON CONFLICT (centre_number, candidate_number) DO UPDATE SET uci = excluded.uci, name = excluded.name
            """
        ).run()
    }

    /// Adds or replaces a result.
    public func save(_ result: ComponentResult, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO results (series_code, centre_number, candidate_number, component_code, mark, grade,
                indicators, special_consideration)
            VALUES (\(bind: result.series), \(bind: result.centre.rawValue), \(bind: result.candidate.rawValue),
                \(bind: result.component), \(bind: result.mark), \(bind: result.grade),
                \(bind: result.indicators.map(\.rawValue).joined()), \(bind: result.specialConsideration ? 1 : 0))
            ON CONFLICT (series_code, centre_number, candidate_number, component_code) DO UPDATE SET
                mark = excluded.mark, grade = excluded.grade, indicators = excluded.indicators,
                special_consideration = excluded.special_consideration
            """
        ).run()
    }

    /// Records where a script lies in the archive.
    public func save(_ script: Script, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO scripts (series_code, centre_number, candidate_number, component_code, location, page_count)
            VALUES (\(bind: script.series), \(bind: script.centre.rawValue), \(bind: script.candidate.rawValue),
                \(bind: script.component), \(bind: script.location), \(bind: script.pageCount))
            ON CONFLICT (series_code, centre_number, candidate_number, component_code) DO UPDATE SET
                location = excluded.location, page_count = excluded.page_count
            """
        ).run()
    }
}
