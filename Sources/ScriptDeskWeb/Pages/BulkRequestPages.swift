import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ScriptDeskCore
import ScriptDeskServices

/// `/requests/bulk`: many requests from one CSV file (a template to download; at most 2,000
/// rows). Every row is checked, by the same intake as one request, before anything is
/// written: if any row fails, nothing is created and the page lists each failing row with
/// its column and reason; if all pass, all are created in one transaction.
struct BulkRequestPages<Context: PortalRequestContext> {
    let intake: RequestIntake
    let renderer: PageRenderer

    /// The template's heading row, which every file starts with.
    static var columns: [String] { ["series", "component", "candidate", "copy", "candidate_agreed", "consent_obtained", "name_on_copy"] }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("requests/bulk", use: show)
        pages.get("requests/bulk/template.csv", use: template)
        pages.post("requests/bulk", use: upload)
    }

    struct BulkPage: PageContent {
        var title = "Request many copies"
        var session: PortalSession?
        var columns: [String]
        var limit: Int
        var problem: String?
        var rows: [RowProblem]
        var hasRows: Bool
        var created: Int?
    }

    struct RowProblem {
        var line: Int
        var column: String
        var reason: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        return renderer.render("bulk", page(session))
    }

    private func page(_ session: PortalSession, problem: String? = nil, rows: [RowProblem] = [], created: Int? = nil) -> BulkPage {
        BulkPage(
            session: session,
            columns: Self.columns,
            limit: RequestIntake.bulkLimit,
            problem: problem,
            rows: rows,
            hasRows: !rows.isEmpty,
            created: created
        )
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> Response {
        _ = try Portal<Context>.requireSession(context)
        return CSV.download(
            [Self.columns, ["2026-06", "H240/01", "0042", "priority", "yes", "2026-08-27", "yes"]],
            fileName: "requests-template.csv"
        )
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let rows = CSV.parse(context.portal.form["file"] ?? "")
        guard let heading = rows.first else {
            return renderer.render("bulk", page(session, problem: "Choose a CSV file made from the template."), status: .unprocessableContent)
        }
        guard heading.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == Self.columns else {
            let problem = "The first line must be the template's headings: \(Self.columns.joined(separator: ","))."
            return renderer.render("bulk", page(session, problem: problem), status: .unprocessableContent)
        }
        var problems: [RowProblem] = []
        var submissions: [ScriptRequestSubmission] = []
        var lines: [Int] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            switch Self.submission(from: row) {
            case .success(let submission):
                submissions.append(submission)
                lines.append(line)
            case .failure(let problem): problems.append(RowProblem(line: line, column: problem.column, reason: problem.reason))
            }
        }
        guard problems.isEmpty else {
            return renderer.render("bulk", page(session, problem: Self.summary(problems.count), rows: problems), status: .unprocessableContent)
        }
        do {
            let accepted = try await intake.submitAll(submissions, by: session.signedIn.caller)
            return renderer.render("bulk", page(session, created: accepted.filter(\.isNew).count))
        } catch let error as BulkIntakeError {
            guard case .refused(let refusals) = error else {
                return renderer.render("bulk", page(session, problem: error.message), status: .unprocessableContent)
            }
            let rows = refusals.map { RowProblem(line: lines[$0.index], column: Self.column(of: $0.error), reason: $0.error.message) }
            return renderer.render("bulk", page(session, problem: Self.summary(rows.count), rows: rows), status: .unprocessableContent)
        }
    }

    static func summary(_ count: Int) -> String {
        "\(count) row\(count == 1 ? " has a problem" : "s have problems"), so no copies were requested. Correct \(count == 1 ? "it" : "them") and send the file again."
    }

    struct Problem: Error {
        var column: String
        var reason: String
    }

    /// The submission a row asks for, or the first problem with it.
    static func submission(from row: [String]) -> Result<ScriptRequestSubmission, Problem> {
        guard row.count == columns.count else {
            return .failure(Problem(column: "–", reason: "The row has \(row.count) fields; it needs \(columns.count), one per heading."))
        }
        let field = row.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let kind = ["priority": ScriptCopyKind.priority, "teaching": .nonPriority, "non-priority": .nonPriority][field[3].lowercased()] else {
            return .failure(Problem(column: "copy", reason: "Write priority or teaching."))
        }
        guard let agreed = yesNo(field[4]) else { return .failure(Problem(column: "candidate_agreed", reason: "Write yes or no.")) }
        guard let obtained = ISO8601.day(field[5]) else {
            return .failure(Problem(column: "consent_obtained", reason: "Write the date as YYYY-MM-DD, such as 2026-08-27."))
        }
        guard let identify = yesNo(field[6]) else { return .failure(Problem(column: "name_on_copy", reason: "Write yes or no.")) }
        let consent = ConsentRecord(candidateAgreed: agreed, obtainedAt: obtained, identify: identify)
        return .success(ScriptRequestSubmission(series: field[0], component: field[1], candidate: field[2], kind: kind, consent: consent))
    }

    private static func yesNo(_ text: String) -> Bool? {
        ["yes": true, "y": true, "no": false, "n": false][text.lowercased()]
    }

    /// The column a refusal of the intake is about.
    static func column(of error: IntakeError) -> String {
        switch error {
        case .unknownSeries: "series"
        case .unknownComponent, .noResult: "component"
        case .unknownCandidate: "candidate"
        case .forbidden: "copy"
        case .refused(let refusal):
            switch refusal {
            case .consentMissing: "candidate_agreed"
            case .consentFromFuture: "consent_obtained"
            case .noScript: "component"
            case .notEligible, .notYetOpen, .deadlinePassed: "copy"
            }
        }
    }
}
