import Foundation
import HTTPTypes
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// `/enquiries/bulk`: many enquiries from one CSV file (a template to download). Every row
/// is checked by the enquiry desk, by the same rules as one enquiry, before anything is
/// written: if any row fails, nothing is made and the page lists each failing line with its
/// code and reason; if all pass, all are made in one transaction.
struct BulkEnquiryPages<Context: PortalRequestContext> {
    let desk: EnquiryDesk
    let renderer: PageRenderer

    /// The template's heading row, which every file starts with.
    static var columns: [String] {
        ["series", "component", "candidate", "service", "consent_agreed", "consent_acknowledged", "consent_obtained_at"]
    }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("enquiries/bulk", use: show)
        pages.get("enquiries/bulk/template.csv", use: template)
        pages.post("enquiries/bulk", use: upload)
    }

    struct BulkPage: PageContent {
        var title = "Make many enquiries"
        var session: PortalSession?
        var columns: [String]
        var services: String
        var limit: Int
        var problem: String?
        var rows: [RowProblem]
        var hasRows: Bool
        var created: Int?
    }

    struct RowProblem {
        var line: Int
        var code: String
        var reason: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        return renderer.render("enquiries-bulk", page(session))
    }

    private func page(_ session: PortalSession, problem: String? = nil, rows: [RowProblem] = [], created: Int? = nil) -> BulkPage {
        BulkPage(
            session: session,
            columns: Self.columns,
            services: EnquiryService.allCases.map(\.rawValue).joined(separator: ", "),
            limit: EnquiryDesk.bulkLimit,
            problem: problem,
            rows: rows,
            hasRows: !rows.isEmpty,
            created: created
        )
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> Response {
        _ = try Portal<Context>.requireSession(context)
        return CSV.download(
            [Self.columns, ["2026-06", "H240/01", "0042", "review-of-marking", "yes", "yes", "2026-08-20T09:30:00Z"]],
            fileName: "enquiries-template.csv"
        )
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let rows = CSV.parse(context.portal.form["file"] ?? "")
        guard let heading = rows.first else {
            return renderer.render(
                "enquiries-bulk",
                page(session, problem: "Choose a CSV file made from the template."),
                status: .unprocessableContent
            )
        }
        guard heading.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == Self.columns else {
            let problem = "The first line must be the template's headings: \(Self.columns.joined(separator: ","))."
            return renderer.render("enquiries-bulk", page(session, problem: problem), status: .unprocessableContent)
        }
        var problems: [RowProblem] = []
        var submissions: [EnquirySubmission] = []
        var lines: [Int] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            switch Self.submission(from: row) {
            case .success(let submission):
                submissions.append(submission)
                lines.append(line)
            case .failure(let problem): problems.append(RowProblem(line: line, code: "request.invalid", reason: problem.reason))
            }
        }
        guard problems.isEmpty else {
            return renderer.render(
                "enquiries-bulk",
                page(session, problem: Self.summary(problems.count), rows: problems),
                status: .unprocessableContent
            )
        }
        do {
            let made = try await desk.submitAll(submissions, by: session.signedIn.caller)
            return renderer.render("enquiries-bulk", page(session, created: made.count))
        } catch let error as BulkEnquiryError {
            guard case .refused(let refusals) = error else {
                return renderer.render("enquiries-bulk", page(session, problem: error.message), status: .unprocessableContent)
            }
            let rows = refusals.map { RowProblem(line: lines[$0.index], code: $0.code, reason: $0.message) }
            return renderer.render("enquiries-bulk", page(session, problem: Self.summary(rows.count), rows: rows), status: .unprocessableContent)
        } catch let error as EnquiryError {
            guard case .forbidden(let reason) = error else { throw error }
            throw AccessRefusal.forbidden(reason)
        }
    }

    static func summary(_ count: Int) -> String {
        "\(count) line\(count == 1 ? " has a problem" : "s have problems"), so no enquiries were made. Correct \(count == 1 ? "it" : "them") and send the file again."
    }

    struct Problem: Error {
        var reason: String
    }

    /// The submission a row asks for, or what in it cannot be read. Consent is read when
    /// its time is given; whether it is needed, and enough, is the desk's answer.
    static func submission(from row: [String]) -> Result<EnquirySubmission, Problem> {
        guard row.count == columns.count else {
            return .failure(Problem(reason: "The line has \(row.count) fields; it needs \(columns.count), one per heading."))
        }
        let field = row.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let service = EnquiryService(rawValue: field[3].lowercased()) else {
            return .failure(Problem(reason: "Write the service as one of \(EnquiryService.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        var consent: EnquiryConsent?
        if !field[6].isEmpty {
            guard let obtained = ISO8601.date(from: field[6]) else {
                return .failure(Problem(reason: "Write consent_obtained_at as an ISO 8601 time with a zone, such as 2026-08-20T09:30:00Z."))
            }
            guard let agreed = yesNo(field[4]), let acknowledged = yesNo(field[5]) else {
                return .failure(Problem(reason: "Write consent_agreed and consent_acknowledged as yes or no."))
            }
            consent = EnquiryConsent(candidateAgreed: agreed, obtainedAt: obtained, acknowledgesMarksMayGoDown: acknowledged)
        }
        return .success(
            EnquirySubmission(
                series: field[0],
                component: field[1],
                candidate: field[2].isEmpty ? nil : field[2],
                service: service,
                consent: consent
            )
        )
    }

    private static func yesNo(_ text: String) -> Bool? {
        ["yes": true, "y": true, "no": false, "n": false, "": false][text.lowercased()]
    }
}
