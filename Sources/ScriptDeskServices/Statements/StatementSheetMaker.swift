import Foundation
public import ScriptDeskCore
public import ScriptDeskPDF
public import ScriptDeskStore

/// What a candidate's statement of results says, gathered from the store: the centre and
/// candidate, each component's mark and grade with its indicators and any special
/// consideration, each subject grade awarded in the series, and, for a revised statement,
/// what changed and why.
public struct StatementSheetMaker: Sendable {
    /// The heading used when none is configured.
    public static let defaultAwardingBody = "ScriptDesk Awarding Body"

    let awardingBody: String
    private let reference = ReferenceData()
    private let history = ResultHistory()
    private let subjects = Subjects()
    private let certifications = Certifications()

    /// A maker of sheets headed with `awardingBody`.
    public init(awardingBody: String = Self.defaultAwardingBody) {
        self.awardingBody = awardingBody
    }

    /// The sheet of `statement`, as the store stands.
    public func sheet(for statement: Statement, on db: StoreConnection) async throws -> StatementSheet {
        guard let series = try await reference.series(statement.series, on: db),
            let centre = try await reference.centre(statement.centre, on: db),
            let candidate = try await reference.candidate(statement.candidate, of: statement.centre, on: db)
        else {
            throw StatementError.unknownCandidate(statement.candidate.rawValue)
        }
        let listed = try await reference.results(
            series: series.code,
            centre: centre.number,
            filter: .init(candidate: candidate.number.rawValue),
            page: Page(limit: 500),
            on: db
        ).items.filter { $0.result.candidate == candidate.number }
        let revisions = try await history.revisions(series: series.code, centre: centre.number, candidate: candidate.number, on: db)
        let revisedComponents = Set(revisions.map(\.component))
        let components = listed.map { line in
            let result = line.result
            var notes: [String] = []
            if result.specialConsideration { notes.append("Special consideration applied") }
            if revisedComponents.contains(result.component) { notes.append("Revised") }
            return StatementSheet.ComponentLine(
                code: result.component,
                title: line.component.title,
                mark: result.mark.map { "\($0)/\(line.component.maxMark)" } ?? "—",
                grade: result.grade ?? "—",
                indicators: result.indicators.map(\.rawValue).joined(separator: ", "),
                note: notes.joined(separator: "; ")
            )
        }
        let allSubjects = Dictionary(try await subjects.all(on: db).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let awarded = try await certifications.list(
            scope: .centre(centre.number),
            filter: .init(series: series.code, status: .awarded, candidate: candidate.number),
            page: Page(limit: 500),
            on: db
        ).items.sorted { $0.subject < $1.subject }
        let subjectLines = awarded.compactMap { request -> StatementSheet.SubjectLine? in
            guard let award = request.award else { return nil }
            let subject = allSubjects[request.subject]
            return StatementSheet.SubjectLine(
                qualification: subject?.qualification.displayName ?? "",
                code: request.subject,
                title: subject?.title ?? request.subject,
                grade: award.grade,
                note: "Late certification"
            )
        }
        let used = Set(listed.flatMap(\.result.indicators))
        return StatementSheet(
            awardingBody: awardingBody,
            series: "\(series.name) (\(series.code))",
            centre: "\(centre.number.rawValue) \(centre.name)",
            candidate: "\(candidate.number.rawValue) \(candidate.name)",
            uci: candidate.uci,
            components: components,
            subjects: subjectLines,
            revision: revision(of: statement, revisions: revisions, awarded: awarded, subjects: allSubjects),
            indicatorKey: ResultIndicator.allCases.filter { used.contains($0) }.map { "\($0.rawValue)  \(Self.meaning(of: $0))" },
            reference: statement.id,
            issuedAt: statement.createdAt
        )
    }

    /// The revision block: what `statement`'s cause changed, or `nil` for the first
    /// statement (which states the results as they stand, whatever made it).
    private func revision(
        of statement: Statement,
        revisions: [(component: String, revision: ResultRevision)],
        awarded: [Certification],
        subjects: [String: Subject]
    ) -> StatementSheet.Revision? {
        guard statement.cause != .issued, statement.revision > 1 else { return nil }
        var changes = revisions.filter { $0.revision.causeID == statement.causeID }.map { component, revision in
            let mark =
                revision.previousMark == revision.mark
                ? "mark \(Self.text(revision.mark)) unchanged" : "mark \(Self.text(revision.previousMark)) → \(Self.text(revision.mark))"
            let grade =
                revision.previousGrade == revision.grade
                ? "grade \(revision.grade ?? "—") unchanged" : "grade \(revision.previousGrade ?? "—") → \(revision.grade ?? "—")"
            return "\(component): \(mark), \(grade) (\(statement.cause.displayName): \(Self.printable(revision.reason, limit: 300)))"
        }
        for request in awarded where request.id == statement.causeID {
            let name = subjects[request.subject]?.displayName ?? request.subject
            changes.append("\(name): grade \(request.award?.grade ?? "—") awarded (\(statement.cause.displayName))")
        }
        if changes.isEmpty { changes = ["No result changed (\(statement.cause.displayName))."] }
        return StatementSheet.Revision(number: statement.revision, date: IssueDay.text(statement.createdAt), changes: changes)
    }

    private static func text(_ mark: Int?) -> String { mark.map(String.init) ?? "none" }

    /// `text` as one printable line: every run of white space (a reason typed over several
    /// lines) one space, other control characters dropped, and at most `limit` characters,
    /// ending in "…" when cut; the statement refuses text it cannot print.
    static func printable(_ text: String, limit: Int) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map { word in
            String(word.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }.map(Character.init))
        }
        let line = words.filter { !$0.isEmpty }.joined(separator: " ")
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }

    /// What an indicator means, for the key.
    static func meaning(of indicator: ResultIndicator) -> String {
        switch indicator {
        case .noResult: "no result"
        case .partiallyAbsent: "partially absent: graded with the missing parts at zero"
        case .pending: "pending: the result is not yet final"
        case .ungraded: "ungraded"
        }
    }
}

/// Why a statement could not be made or offered.
public enum StatementError: ScriptDeskError, Sendable, Hashable {
    /// The candidate is not on record at the centre.
    case unknownCandidate(String)
    /// No statement has been published yet for the candidate and series.
    case notYetPublished(series: String)
    /// The caller's role may not do this.
    case forbidden(String)

    /// `request.unknown_candidate`, `statement.not_published` or `auth.forbidden`.
    public var code: String {
        switch self {
        case .unknownCandidate: "request.unknown_candidate"
        case .notYetPublished: "statement.not_published"
        case .forbidden: "auth.forbidden"
        }
    }

    /// What to do.
    public var message: String {
        switch self {
        case .unknownCandidate(let number): "There is no candidate \(number) at this centre."
        case .notYetPublished(let series): "No statement of results has been published yet for this candidate in \(series); try again shortly."
        case .forbidden(let reason): reason
        }
    }
}

extension Unicode.GeneralCategory {
    /// A control, format, private-use or unassigned character: nothing a statement prints.
    fileprivate var isControlOrFormat: Bool {
        switch self {
        case .control, .format, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }
}
