import Foundation
import SQLKit
public import ScriptDeskCore

extension ReferenceData {
    /// A centre by number.
    public func centre(_ number: CentreNumber, on db: StoreConnection) async throws -> Centre? {
        try await db.raw("SELECT * FROM centres WHERE number = \(bind: number.rawValue)").first().map(Self.centre(from:))
    }

    /// Every centre, by number.
    public func centres(on db: StoreConnection) async throws -> [Centre] {
        try await db.raw("SELECT * FROM centres ORDER BY number").all().map(Self.centre(from:))
    }

    /// A series and its calendar.
    public func series(_ code: String, on db: StoreConnection) async throws -> Series? {
        try await db.raw("SELECT * FROM series WHERE code = \(bind: code)").first().map(Self.series(from:))
    }

    /// Every series, the latest results day first.
    public func allSeries(on db: StoreConnection) async throws -> [Series] {
        try await db.raw("SELECT * FROM series ORDER BY results_day DESC, code DESC").all().map(Self.series(from:))
    }

    private static func series(from row: any SQLRow) throws -> Series {
        Series(
            code: try row.string("code"),
            name: try row.string("name"),
            calendar: SeriesCalendar(
                resultsDay: try row.date("results_day"),
                priorityScriptDeadline: try row.date("priority_script_deadline"),
                priorityReviewDeadline: try row.date("priority_review_deadline"),
                finalEnquiryDeadline: try row.date("final_enquiry_deadline"),
                teachingCopyDeadline: try row.date("teaching_copy_deadline"),
                lateCertificationDeadline: try row.date("late_certification_deadline"),
                scriptRetentionEnd: try row.date("script_retention_end")
            ),
            archiveURLTemplate: try row.string("archive_url_template")
        )
    }

    /// Every component, by code.
    public func components(on db: StoreConnection) async throws -> [Component] {
        try await db.raw("SELECT * FROM components ORDER BY code").all().map(Self.component(from:))
    }

    /// A component by code.
    public func component(_ code: String, on db: StoreConnection) async throws -> Component? {
        try await db.raw("SELECT * FROM components WHERE code = \(bind: code)").first().map(Self.component(from:))
    }

    /// A candidate of a centre.
    public func candidate(_ number: CandidateNumber, of centre: CentreNumber, on db: StoreConnection) async throws -> Candidate? {
        try await db.raw(
            """
            SELECT * FROM candidates
            WHERE centre_number = \(bind: centre.rawValue) AND candidate_number = \(bind: number.rawValue)
            """
        ).first().map { row in
            Candidate(centre: try row.centre(), number: try row.candidate(), uci: try row.string("uci"), name: try row.string("name"))
        }
    }

    /// One result.
    public func result(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        component: String,
        on db: StoreConnection
    ) async throws -> ComponentResult? {
        try await db.raw(
            """
            SELECT * FROM results WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
                AND candidate_number = \(bind: candidate.rawValue) AND component_code = \(bind: component)
            """
        ).first().map(Self.result(from:))
    }

    /// The script held for one result, if any.
    public func script(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        component: String,
        on db: StoreConnection
    ) async throws -> Script? {
        try await db.raw(
            """
            SELECT * FROM scripts WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
                AND candidate_number = \(bind: candidate.rawValue) AND component_code = \(bind: component)
            """
        ).first().map { row in
            Script(
                series: try row.string("series_code"),
                centre: try row.centre(),
                candidate: try row.candidate(),
                component: try row.string("component_code"),
                location: try row.string("location"),
                pageCount: try row.int("page_count")
            )
        }
    }

    /// What a results listing is narrowed to.
    public struct ResultFilter: Sendable, Hashable {
        /// A candidate number, or part of a candidate's name (any case).
        public var candidate: String?
        /// Only this component.
        public var component: String?
        /// Only components of this qualification.
        public var qualification: QualificationType?
        /// Only this grade.
        public var grade: String?
        /// Only results carrying this indicator.
        public var indicator: ResultIndicator?

        /// A filter; every part `nil` lists every result.
        public init(
            candidate: String? = nil,
            component: String? = nil,
            qualification: QualificationType? = nil,
            grade: String? = nil,
            indicator: ResultIndicator? = nil
        ) {
            self.candidate = candidate
            self.component = component
            self.qualification = qualification
            self.grade = grade
            self.indicator = indicator
        }

        var clause: SQLQueryString {
            var parts: [SQLQueryString] = ["1 = 1"]
            if let candidate = candidate?.trimmingCharacters(in: .whitespaces), !candidate.isEmpty {
                let pattern = "%" + candidate.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                parts.append("(r.candidate_number = \(bind: candidate) OR LOWER(c.name) LIKE \(bind: pattern))")
            }
            if let component { parts.append("r.component_code = \(bind: component)") }
            if let qualification { parts.append("k.qualification = \(bind: qualification.rawValue)") }
            if let grade { parts.append("r.grade = \(bind: grade)") }
            if let indicator { parts.append("r.indicators LIKE \(bind: "%" + indicator.rawValue + "%")") }
            return parts.joined(separator: " AND ")
        }
    }

    /// A centre's results in a series, narrowed by `filter`, one row per candidate and
    /// component, by candidate number then component code. The page's keys are found first,
    /// from the primary keys' indexes (and the filter's columns), and only those 50 rows are
    /// joined to their candidate, component and script: a deep page skips index entries, not
    /// joined rows.
    public func results(
        series: String,
        centre: CentreNumber,
        filter: ResultFilter = ResultFilter(),
        page: Page,
        on db: StoreConnection
    ) async throws -> PageOf<ResultListing> {
        let total =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM results r
                JOIN candidates c ON c.centre_number = r.centre_number AND c.candidate_number = r.candidate_number
                JOIN components k ON k.code = r.component_code
                WHERE r.series_code = \(bind: series) AND r.centre_number = \(bind: centre.rawValue) AND \(filter.clause)
                """
            ).first()?.int("n") ?? 0
        let rows = try await db.raw(
            """
            SELECT r.*, c.name AS candidate_name, k.title, k.qualification, k.max_mark, k.kind, s.page_count AS script_pages,
                (SELECT COUNT(*) FROM result_revisions v WHERE v.series_code = r.series_code AND v.centre_number = r.centre_number
                    AND v.candidate_number = r.candidate_number AND v.component_code = r.component_code) AS revisions
            FROM (
                SELECT r.series_code, r.centre_number, r.candidate_number, r.component_code FROM results r
                JOIN candidates c ON c.centre_number = r.centre_number AND c.candidate_number = r.candidate_number
                JOIN components k ON k.code = r.component_code
                WHERE r.series_code = \(bind: series) AND r.centre_number = \(bind: centre.rawValue) AND \(filter.clause)
                ORDER BY r.candidate_number, r.component_code
                LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            ) p
            JOIN results r ON r.series_code = p.series_code AND r.centre_number = p.centre_number
                AND r.candidate_number = p.candidate_number AND r.component_code = p.component_code
            JOIN candidates c ON c.centre_number = r.centre_number AND c.candidate_number = r.candidate_number
            JOIN components k ON k.code = r.component_code
            LEFT JOIN scripts s ON s.series_code = r.series_code AND s.centre_number = r.centre_number
                AND s.candidate_number = r.candidate_number AND s.component_code = r.component_code
            ORDER BY r.candidate_number, r.component_code
            """
        ).all()
        let items = try rows.map { row in
            ResultListing(
                result: try Self.result(from: row),
                candidateName: try row.string("candidate_name"),
                component: Component(
                    code: try row.string("component_code"),
                    title: try row.string("title"),
                    qualification: try row.value("qualification", as: QualificationType.self),
                    maxMark: try row.int("max_mark"),
                    kind: try row.value("kind", as: Component.Kind.self)
                ),
                scriptPageCount: try row.optionalInt("script_pages"),
                revisions: try row.int("revisions")
            )
        }
        return PageOf(items: items, total: total, page: page)
    }

    static func centre(from row: any SQLRow) throws -> Centre {
        Centre(number: try row.centre("number"), name: try row.string("name"), examsOfficerEmail: try row.optionalString("exams_officer_email"))
    }

    static func component(from row: any SQLRow) throws -> Component {
        Component(
            code: try row.string("code"),
            title: try row.string("title"),
            qualification: try row.value("qualification", as: QualificationType.self),
            maxMark: try row.int("max_mark"),
            kind: try row.value("kind", as: Component.Kind.self)
        )
    }

    static func result(from row: any SQLRow) throws -> ComponentResult {
        let indicatorText = try row.string("indicators")
        let indicators = try indicatorText.map { character in
            guard let indicator = ResultIndicator(rawValue: String(character)) else {
                throw StoreError.corruptValue(column: "indicators", value: indicatorText)
            }
            return indicator
        }
        return ComponentResult(
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.candidate(),
            component: try row.string("component_code"),
            mark: try row.optionalInt("mark"),
            grade: try row.optionalString("grade"),
            indicators: indicators,
            specialConsideration: try row.bool("special_consideration")
        )
    }
}

/// One line of a centre's results listing.
public struct ResultListing: Sendable {
    /// The result itself.
    public var result: ComponentResult
    /// The candidate's name.
    public var candidateName: String
    /// The component.
    public var component: Component
    /// Pages of the scanned script, when one is held.
    public var scriptPageCount: Int?
    /// How many times the result has been revised (by an enquiry, appeal, query or certification).
    public var revisions: Int
}
