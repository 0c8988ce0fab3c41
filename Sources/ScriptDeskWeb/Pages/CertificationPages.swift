import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices

/// Late certification for the exams officer: `/certification` chooses the series and the
/// subject and shows every candidate of the centre as the certification desk answers for
/// them (eligible, or the refusal a request would get, in the desk's words), with a box to
/// tick for each eligible one; then "check your answers" (the candidates, the subject, the
/// series and the fee) and a confirmation listing what was requested. The choices travel in
/// the form; nothing is kept half-made. The desk checks the request whole, as for the API: a
/// refusal of any candidate comes back to the table with each refused candidate and the
/// desk's message in the error summary, and nothing requested.
struct CertificationPages<Context: PortalRequestContext> {
    let desk: CertificationDesk
    let policy: CertificationPolicy
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    typealias Hidden = RequestCopyPages<Context>.Hidden
    typealias ErrorItem = RequestCopyPages<Context>.ErrorItem
    typealias SummaryRow = RequestCopyPages<Context>.SummaryRow
    typealias Option = RequestPages<Context>.Option

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("certification", use: start)
        pages.post("certification", use: answer)
    }

    /// The pages, in order.
    enum Step: String {
        case choose, check
    }

    /// The series, the subject and the candidates ticked, as the form carries them: each
    /// candidate as its own field, `candidate-0042=yes`.
    struct Answers {
        var series: String
        var subject: String
        var candidates: [String]

        static var prefix: String { "candidate-" }

        init(_ form: [String: String]) {
            series = (form["series"] ?? "").trimmingCharacters(in: .whitespaces)
            subject = (form["subject"] ?? "").trimmingCharacters(in: .whitespaces)
            candidates = form.compactMap { name, value in
                name.hasPrefix(Self.prefix) && value == "yes" ? String(name.dropFirst(Self.prefix.count)) : nil
            }.sorted()
        }

        /// Every answer as hidden fields.
        var hidden: [Hidden] {
            [Hidden(name: "series", value: series), Hidden(name: "subject", value: subject)]
                + candidates.map { Hidden(name: Self.prefix + $0, value: "yes") }
        }
    }

    struct FormPage: PageContent {
        var title: String
        var session: PortalSession?
        var isChoose: Bool
        var isCheck: Bool
        var errors: [ErrorItem]
        var hasErrors: Bool
        var seriesOptions: [Option]
        var subjects: [Option]
        var series: String
        var seriesName: String
        var subject: String
        var subjectName: String
        var window: Window?
        var rows: [Row]
        var hasRows: Bool
        var eligibleCount: String
        var anyEligible: Bool
        var candidatesError: String?
        var hidden: [Hidden]
        var summary: [SummaryRow]
        var chosen: [Chosen]
    }

    /// When late certification closes in the series shown, as the home page shows a deadline.
    struct Window {
        var closes: String
        var countdown: String
        var open: Bool
    }

    /// One candidate of the eligibility table.
    struct Row {
        var number: String
        var name: String
        var eligible: Bool
        var checked: Bool
        /// Why not, in the desk's words; or the share taken in the series, when eligible.
        var why: String
        /// The desk's refusal of this candidate when a request was refused.
        var error: String?
    }

    /// A candidate on "check your answers" and the confirmation.
    struct Chosen {
        var number: String
        var name: String
    }

    struct Confirmation: PageContent {
        var title = "Certification requested"
        var session: PortalSession?
        var count: String
        var subject: String
        var series: String
        var fee: String
        var requests: [CertificationListPages<Context>.Row]
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        var form: [String: String] = [:]
        for name in ["series", "subject"] { form[name] = request.uri.queryParameters[Substring(name)].map(String.init) }
        return try await render(.choose, Answers(form), errors: [], session: session)
    }

    @Sendable func answer(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let form = context.portal.form
        let answers = Answers(form)
        if form["change"] != nil { return try await render(.choose, answers, errors: [], session: session) }
        guard !answers.candidates.isEmpty else {
            let nothing = ErrorItem(field: "candidates", message: "Choose at least one eligible candidate to request certification for")
            return try await render(.choose, answers, errors: [nothing], session: session, status: .unprocessableContent)
        }
        guard form["step"] == Step.check.rawValue else { return try await render(.check, answers, errors: [], session: session) }
        let submission = CertificationSubmission(series: answers.series, subject: answers.subject, candidates: answers.candidates)
        do {
            let made = try await desk.request(submission, by: session.signedIn.caller)
            return try await confirm(made, answers, session: session)
        } catch let error as CertificationError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .refused(let refusals):
                let each = refusals.map { ErrorItem(field: Answers.prefix + $0.candidate, message: "Candidate \($0.candidate): \($0.message)") }
                let errors = [ErrorItem(field: "candidates", message: error.message)] + each
                return try await render(.choose, answers, errors: errors, session: session, status: .unprocessableContent)
            default:
                let errors = [ErrorItem(field: Self.field(of: error), message: error.message)]
                return try await render(.choose, answers, errors: errors, session: session, status: .unprocessableContent)
            }
        } catch let error as IntakeError {
            let errors = [ErrorItem(field: "series", message: error.message)]
            return try await render(.choose, answers, errors: errors, session: session, status: .unprocessableContent)
        }
    }

    /// The field a refusal of the whole request is about, for the error summary's link.
    static func field(of error: CertificationError) -> String {
        if case .unknownSubject = error { return "subject" }
        return "candidates"
    }

    private func confirm(_ made: [Certification], _ answers: Answers, session: PortalSession) async throws -> Response {
        let subjects = try await desk.subjects()
        let names = try await candidateNames(answers, session: session)
        let page = Confirmation(
            session: session,
            count: made.count == 1 ? "1 candidate" : "\(made.count) candidates",
            subject: subjects.first { $0.code == answers.subject }?.displayName ?? answers.subject,
            series: try await results.series(answers.series)?.name ?? answers.series,
            fee: "£" + Money.pounds(made.reduce(0) { $0 + $1.feeInPence }),
            requests: made.map { CertificationListPages<Context>.row($0, subjects: subjects, name: names[$0.candidate.rawValue]) }
        )
        return renderer.render("certification-sent", page)
    }

    /// The names of the centre's candidates by number, as the desk lists them: only for
    /// showing, so a listing that fails leaves the names out rather than the confirmation.
    private func candidateNames(_ answers: Answers, session: PortalSession) async throws -> [String: String] {
        let listed = (try? await desk.eligibility(series: answers.series, subject: answers.subject, for: session.signedIn.caller)) ?? []
        return Dictionary(listed.map { ($0.candidate.number.rawValue, $0.candidate.name) }, uniquingKeysWith: { first, _ in first })
    }

    private func render(
        _ step: Step,
        _ given: Answers,
        errors: [ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = clock.now
        let inForce = try await results.seriesInForce(at: now)
        let subjects = try await desk.subjects()
        var answers = given
        // By default, the series still open to late certification, and the first subject.
        if answers.series.isEmpty {
            answers.series = (inForce.first { now <= $0.calendar[CertificationRules.deadline] } ?? inForce.first)?.code ?? ""
        }
        if answers.subject.isEmpty { answers.subject = subjects.first?.code ?? "" }
        var errors = errors
        var listed: [CertificationDesk.Eligibility] = []
        do {
            listed = try await desk.eligibility(series: answers.series, subject: answers.subject, for: session.signedIn.caller)
        } catch let error as CertificationError {
            if case .forbidden(let reason) = error { throw AccessRefusal.forbidden(reason) }
            errors.append(ErrorItem(field: Self.field(of: error), message: error.message))
        } catch let error as IntakeError {
            errors.append(ErrorItem(field: "series", message: error.message))
        }
        let series = try await results.series(answers.series)
        let refusedBy = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let chosen = Set(answers.candidates)
        let rows = listed.map { answer in
            let number = answer.candidate.number.rawValue
            return Row(
                number: number,
                name: answer.candidate.name,
                eligible: answer.eligible,
                checked: answer.eligible && chosen.contains(number),
                why: answer.refusal?.message ?? answer.share.map { "\($0)% of the assessment taken in \(series?.name ?? answers.series)" } ?? "",
                error: refusedBy[Answers.prefix + number]
            )
        }
        let shown = Set(rows.map(\.number))
        // A refusal of a candidate with no row of the table is linked to the table itself.
        errors = errors.map { item in
            guard item.field.hasPrefix(Answers.prefix), !shown.contains(String(item.field.dropFirst(Answers.prefix.count))) else { return item }
            return ErrorItem(field: "candidates", message: item.message)
        }
        let eligible = rows.filter(\.eligible).count
        let names = Dictionary(rows.map { ($0.number, $0.name) }, uniquingKeysWith: { first, _ in first })
        let subjectName = subjects.first { $0.code == answers.subject }?.displayName ?? answers.subject
        let seriesName = series?.name ?? answers.series
        // "Check your answers" only for a request the desk could take: otherwise the table.
        let isCheck = step == .check && errors.isEmpty
        let title = isCheck ? "Check your answers before requesting certification" : "Request a subject grade"
        let page = FormPage(
            title: (errors.isEmpty ? "" : "Error: ") + title,
            session: session,
            isChoose: !isCheck,
            isCheck: isCheck,
            errors: errors,
            hasErrors: !errors.isEmpty,
            seriesOptions: inForce.map { .init(value: $0.code, label: $0.name, selected: $0.code == answers.series) },
            subjects: subjects.map { .init(value: $0.code, label: $0.displayName, selected: $0.code == answers.subject) },
            series: answers.series,
            seriesName: seriesName,
            subject: answers.subject,
            subjectName: subjectName,
            window: series.map { series in
                let deadline = series.calendar[CertificationRules.deadline]
                return Window(closes: UKTime.dateAndTime(deadline), countdown: UKTime.countdown(to: deadline, from: now), open: now <= deadline)
            },
            rows: rows,
            hasRows: !rows.isEmpty,
            eligibleCount: "\(eligible) of \(rows.count) candidate\(rows.count == 1 ? "" : "s") eligible",
            anyEligible: eligible > 0,
            candidatesError: errors.first { $0.field == "candidates" }?.message,
            hidden: isCheck ? answers.hidden : [],
            summary: isCheck
                ? [
                    SummaryRow(key: "Subject", value: subjectName, step: Step.choose.rawValue),
                    SummaryRow(key: "Series", value: seriesName, step: Step.choose.rawValue),
                    SummaryRow(key: "Fee", value: "£" + Money.pounds(policy.feeInPence * answers.candidates.count), step: nil),
                ] : [],
            chosen: answers.candidates.map { Chosen(number: $0, name: names[$0] ?? "") }
        )
        return renderer.render("certification", page, status: status)
    }
}

// Rows are looked up by name for every field, a row for every candidate of the centre:
// answered by a switch rather than by `Mirror`.
extension CertificationPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "name": self.name
        case "eligible": eligible
        case "checked": checked
        case "why": why
        case "error": error
        default: nil
        }
    }
}
