import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// Requesting a copy as question pages: which script (or straight from a row of results),
/// which copy, the candidate's consent and when it was obtained, named or anonymised; then
/// "check your answers" with a change button for each, and a confirmation panel with the
/// request's reference. The answers travel in the form itself, page to page, so nothing is
/// kept half-made and no candidate appears in an address. The pages call the same intake
/// as the API, so every rule and its words are the API's; a refusal is shown on the page of
/// the answer it is about, in an error summary linked to the field.
struct RequestCopyPages<Context: PortalRequestContext> {
    let intake: RequestIntake
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("requests/new", use: start)
        pages.post("requests/new", use: answer)
    }

    /// The questions, in order.
    enum Step: String, CaseIterable {
        case script, kind, consent, identify, check
    }

    /// Every answer so far, as the hidden fields carry them.
    struct Answers {
        var series = ""
        var component = ""
        var candidate = ""
        var kind = ""
        var agreed = ""
        var day = ""
        var month = ""
        var year = ""
        var identify = ""

        static var names: [String] { ["series", "component", "candidate", "kind", "agreed", "day", "month", "year", "identify"] }

        init() {}

        init(_ form: [String: String]) {
            series = form["series"] ?? ""
            component = form["component"] ?? ""
            candidate = (form["candidate"] ?? "").trimmingCharacters(in: .whitespaces)
            kind = form["kind"] ?? ""
            agreed = form["agreed"] ?? ""
            day = (form["day"] ?? "").trimmingCharacters(in: .whitespaces)
            month = (form["month"] ?? "").trimmingCharacters(in: .whitespaces)
            year = (form["year"] ?? "").trimmingCharacters(in: .whitespaces)
            identify = form["identify"] ?? ""
        }

        /// The answers as hidden fields, but those the page itself asks (`except`).
        func hidden(except asked: Set<String>) -> [Hidden] {
            let values = [series, component, candidate, kind, agreed, day, month, year, identify]
            return zip(Self.names, values).filter { !asked.contains($0.0) && !$0.1.isEmpty }.map { Hidden(name: $0.0, value: $0.1) }
        }

        /// The date the consent was obtained (the start of that day in London), when the three
        /// parts make one.
        var obtainedAt: Date? {
            guard let d = Int(day), let m = Int(month), let y = Int(year), (2000...2100).contains(y) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
            let parts = DateComponents(year: y, month: m, day: d)
            guard let date = calendar.date(from: parts), calendar.dateComponents([.day, .month], from: date) == DateComponents(month: m, day: d)
            else { return nil }
            return date
        }
    }

    struct Hidden {
        var name: String
        var value: String
    }

    struct ErrorItem {
        var field: String
        var message: String
    }

    struct Choice {
        var value: String
        var label: String
        var hint: String
        var checked: Bool
        var id: String
    }

    struct QuestionPage: PageContent {
        var title: String
        var session: PortalSession?
        var step: String
        var hidden: [Hidden]
        var errors: [ErrorItem]
        var hasErrors: Bool
        var answers: Answers
        var caption: String
        var isScript: Bool = false
        var isKind: Bool = false
        var isConsent: Bool = false
        var isIdentify: Bool = false
        var isCheck: Bool = false
        var components: [RequestPages<Context>.Option] = []
        var kinds: [Choice] = []
        var summary: [SummaryRow] = []
        var scriptError: String?
        var candidateError: String?
        var kindError: String?
        var agreedError: String?
        var dateError: String?
        var identifyError: String?
        var agreedYes: Bool { answers.agreed == "yes" }
        var identifyYes: Bool { answers.identify == "yes" }
        var identifyNo: Bool { answers.identify == "no" }
    }

    struct SummaryRow {
        var key: String
        var value: String
        /// The question that changes it; `nil` when it cannot be changed.
        var step: String?
    }

    struct Confirmation: PageContent {
        var title = "Request sent"
        var session: PortalSession?
        var reference: String
        var id: String
        var repeated: Bool
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        return try await render(.script, Answers(), errors: [], session: session)
    }

    @Sendable func answer(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let form = context.portal.form
        var answers = Answers(form)
        let isTeacher = session.signedIn.caller.role == .teacher
        if isTeacher { answers.kind = ScriptCopyKind.nonPriority.rawValue }
        if answers.series.isEmpty { answers.series = try await results.seriesInForce(at: clock.now).first?.code ?? "" }
        // A change button names the question to go back to.
        if let change = form["change"].flatMap(Step.init) { return try await render(change, answers, errors: [], session: session) }
        guard let step = form["step"].flatMap(Step.init) else {
            // From a row of results: the script is known.
            return try await render(next(after: .script, teacher: isTeacher), answers, errors: [], session: session)
        }
        let errors = check(step, answers)
        guard errors.isEmpty else { return try await render(step, answers, errors: errors, session: session, status: .unprocessableContent) }
        guard step == .check else { return try await render(next(after: step, teacher: isTeacher), answers, errors: [], session: session) }
        return try await submit(answers, session: session)
    }

    private func next(after step: Step, teacher: Bool) -> Step {
        switch step {
        case .script: teacher ? .consent : .kind
        case .kind: .consent
        case .consent: .identify
        case .identify, .check: .check
        }
    }

    /// What is wrong with the answers to `step`, in the words a person can act on.
    private func check(_ step: Step, _ answers: Answers) -> [ErrorItem] {
        switch step {
        case .script:
            var errors: [ErrorItem] = []
            if answers.component.isEmpty { errors.append(ErrorItem(field: "component", message: "Choose the component")) }
            if CandidateNumber(answers.candidate) == nil {
                errors.append(ErrorItem(field: "candidate", message: "Enter the candidate number: four digits, such as 0042"))
            }
            return errors
        case .kind:
            return ScriptCopyKind(rawValue: answers.kind) == nil ? [ErrorItem(field: "kind-priority", message: "Choose which copy you need")] : []
        case .consent:
            var errors: [ErrorItem] = []
            if answers.agreed != "yes" {
                errors.append(
                    ErrorItem(field: "agreed", message: "A copy can be requested only once the candidate has agreed; get their consent first")
                )
            }
            if answers.obtainedAt == nil {
                errors.append(ErrorItem(field: "day", message: "Enter the date consent was obtained as a real date, such as 27 8 2026"))
            }
            return errors
        case .identify:
            return ["yes", "no"].contains(answers.identify)
                ? [] : [ErrorItem(field: "identify-yes", message: "Choose whether the candidate may be named on the copy")]
        case .check:
            return Step.allCases.filter { $0 != .check }.flatMap { check($0, answers) }
        }
    }

    private func submit(_ answers: Answers, session: PortalSession) async throws -> Response {
        guard let kind = ScriptCopyKind(rawValue: answers.kind), let obtainedAt = answers.obtainedAt else {
            return try await render(.check, answers, errors: check(.check, answers), session: session, status: .unprocessableContent)
        }
        let submission = ScriptRequestSubmission(
            series: answers.series,
            component: answers.component,
            candidate: answers.candidate,
            kind: kind,
            consent: ConsentRecord(candidateAgreed: answers.agreed == "yes", obtainedAt: obtainedAt, identify: answers.identify == "yes")
        )
        do {
            let accepted = try await intake.submit(submission, by: session.signedIn.caller)
            let page = Confirmation(
                session: session,
                reference: Reference.text(accepted.request.id),
                id: accepted.request.id,
                repeated: !accepted.isNew
            )
            return renderer.render("request-sent", page)
        } catch let error as IntakeError {
            let status: HTTPResponse.Status = if case .forbidden = error { .forbidden } else { .unprocessableContent }
            return try await render(
                .check,
                answers,
                errors: [ErrorItem(field: Self.field(of: error), message: error.message)],
                session: session,
                status: status
            )
        } catch let refusal as AccessRefusal {
            return try await render(
                .check,
                answers,
                errors: [ErrorItem(field: "kind-priority", message: refusal.message)],
                session: session,
                status: .forbidden
            )
        }
    }

    /// The field a refusal of the intake is about, for the error summary's link.
    static func field(of error: IntakeError) -> String {
        switch error {
        case .unknownComponent, .noResult, .unknownSeries: "component"
        case .unknownCandidate: "candidate"
        case .forbidden: "kind-priority"
        case .refused(let refusal):
            switch refusal {
            case .consentMissing: "agreed"
            case .consentFromFuture: "day"
            case .noScript: "component"
            case .notEligible, .notYetOpen, .deadlinePassed: "kind-priority"
            }
        }
    }

    private func render(
        _ step: Step,
        _ answers: Answers,
        errors: [ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let titles: [Step: String] = [
            .script: "Which script do you need a copy of?",
            .kind: "Which copy do you need?",
            .consent: "Has the candidate agreed to you seeing their script?",
            .identify: "May the candidate be named on the copy?",
            .check: "Check your answers before sending the request",
        ]
        let asked: [Step: Set<String>] = [
            .script: ["component", "candidate"], .kind: ["kind"], .consent: ["agreed", "day", "month", "year"], .identify: ["identify"], .check: [],
        ]
        let first: (String) -> String? = { field in errors.first { $0.field == field || ($0.field.hasPrefix(field + "-")) }?.message }
        var page = QuestionPage(
            title: (errors.isEmpty ? "" : "Error: ") + (titles[step] ?? ""),
            session: session,
            step: step.rawValue,
            hidden: answers.hidden(except: asked[step] ?? []),
            errors: errors,
            hasErrors: !errors.isEmpty,
            answers: answers,
            caption: answers.candidate.isEmpty ? "Request a copy of a script" : "Candidate \(answers.candidate), \(answers.component)",
            scriptError: first("component"),
            candidateError: first("candidate"),
            kindError: first("kind"),
            agreedError: first("agreed"),
            dateError: first("day"),
            identifyError: first("identify")
        )
        switch step {
        case .script:
            page.isScript = true
            page.components = try await results.components().map {
                .init(value: $0.code, label: "\($0.code) \($0.title) (\($0.qualification.displayName))", selected: $0.code == answers.component)
            }
        case .kind:
            page.isKind = true
            page.kinds = [
                Choice(
                    value: "priority",
                    label: "A priority copy",
                    hint: "To decide whether to ask for a review of marking. GCE, Level 3 Principal Learning and Level 3 Certificate only.",
                    checked: answers.kind == "priority",
                    id: "kind-priority"
                ),
                Choice(
                    value: "non-priority",
                    label: "A copy for teaching",
                    hint: "To support teaching and learning.",
                    checked: answers.kind == "non-priority",
                    id: "kind-non-priority"
                ),
            ]
        case .consent: page.isConsent = true
        case .identify: page.isIdentify = true
        case .check:
            page.isCheck = true
            let kindName = ScriptCopyKind(rawValue: answers.kind).map(RequestPages<Context>.kindName) ?? "–"
            page.summary = [
                SummaryRow(key: "Candidate", value: answers.candidate, step: "script"),
                SummaryRow(key: "Component", value: answers.component, step: "script"),
                SummaryRow(key: "Copy", value: kindName, step: session.signedIn.caller.role == .teacher ? nil : "kind"),
                SummaryRow(key: "Candidate agreed", value: answers.agreed == "yes" ? "Yes" : "No", step: "consent"),
                SummaryRow(key: "Consent obtained", value: answers.obtainedAt.map(UKTime.date) ?? "–", step: "consent"),
                SummaryRow(key: "Candidate named on the copy", value: answers.identify == "yes" ? "Yes" : "No, anonymised", step: "identify"),
            ]
        }
        return renderer.render("request-copy", page, status: status)
    }
}
