import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// Making an enquiry about a result as question pages: which result (or straight from a
/// priority copy's "Query this result"), which service, with each one's fee and the date
/// its outcome would be due, the candidate's consent (with the warning that marks can go
/// down as well as up; none for a review of moderation), then "check your answers" and a
/// confirmation panel with the reference and the due date. The answers travel in the form,
/// page to page. The pages call the same enquiry desk as the API, so every rule and its
/// words are the API's; a refusal is shown on the page of the answer it is about.
struct EnquiryPages<Context: PortalRequestContext> {
    let desk: EnquiryDesk
    let policy: EnquiryPolicy
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    typealias Hidden = RequestCopyPages<Context>.Hidden
    typealias ErrorItem = RequestCopyPages<Context>.ErrorItem
    typealias Choice = RequestCopyPages<Context>.Choice
    typealias SummaryRow = RequestCopyPages<Context>.SummaryRow

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("enquiries/new", use: start)
        pages.post("enquiries/new", use: answer)
    }

    /// The questions, in order.
    enum Step: String, CaseIterable {
        case script, service, consent, check
    }

    /// Every answer so far, as the hidden fields carry them.
    struct Answers {
        var series = ""
        var component = ""
        var candidate = ""
        var service = ""
        var agreed = ""
        var acknowledged = ""
        var day = ""
        var month = ""
        var year = ""
        var time = ""

        static var names: [String] { ["series", "component", "candidate", "service", "agreed", "acknowledged", "day", "month", "year", "time"] }

        init(_ form: [String: String]) {
            let trimmed = { (name: String) in (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
            series = trimmed("series")
            component = trimmed("component")
            candidate = trimmed("candidate")
            service = trimmed("service")
            agreed = trimmed("agreed")
            acknowledged = trimmed("acknowledged")
            day = trimmed("day")
            month = trimmed("month")
            year = trimmed("year")
            time = trimmed("time")
        }

        var values: [String] { [series, component, candidate, service, agreed, acknowledged, day, month, year, time] }

        /// The answers as hidden fields, but those the page itself asks (`except`).
        func hidden(except asked: Set<String>) -> [Hidden] {
            zip(Self.names, values).filter { !asked.contains($0.0) && !$0.1.isEmpty }.map { Hidden(name: $0.0, value: $0.1) }
        }

        var chosen: EnquiryService? { EnquiryService(rawValue: service) }

        /// When consent was obtained, in London's time, when the parts make one: the time
        /// as `HH:MM` (midday when left blank).
        var obtainedAt: Date? {
            guard let d = Int(day), let m = Int(month), let y = Int(year), (2000...2100).contains(y) else { return nil }
            let clock = time.isEmpty ? ["12", "00"] : time.replacingOccurrences(of: ".", with: ":").split(separator: ":").map(String.init)
            guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
            let parts = DateComponents(year: y, month: m, day: d, hour: hour, minute: minute)
            guard let date = calendar.date(from: parts), calendar.dateComponents([.day, .month], from: date) == DateComponents(month: m, day: d)
            else { return nil }
            return date
        }

        /// What is sent to the desk.
        var submission: EnquirySubmission? {
            guard let service = chosen else { return nil }
            let consent = obtainedAt.map {
                EnquiryConsent(candidateAgreed: agreed == "yes", obtainedAt: $0, acknowledgesMarksMayGoDown: acknowledged == "yes")
            }
            return EnquirySubmission(
                series: series,
                component: component,
                candidate: candidate.isEmpty ? nil : candidate,
                service: service,
                consent: service.isAboutOneCandidate ? consent : nil
            )
        }
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
        var isScript = false
        var isService = false
        var isConsent = false
        var isCheck = false
        var components: [RequestPages<Context>.Option] = []
        var services: [Choice] = []
        var summary: [SummaryRow] = []
        var agreedYes: Bool
        var acknowledgedYes: Bool
        var componentError: String?
        var candidateError: String?
        var serviceError: String?
        var agreedError: String?
        var acknowledgedError: String?
        var dateError: String?
    }

    struct Confirmation: PageContent {
        var title = "Enquiry received"
        var session: PortalSession?
        var reference: String
        var id: String
        var service: String
        var due: String
        var fee: String
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        var form: [String: String] = [:]
        for name in ["series", "component", "candidate"] { form[name] = request.uri.queryParameters[Substring(name)].map(String.init) }
        var answers = Answers(form)
        if answers.series.isEmpty { answers.series = try await results.seriesInForce(at: clock.now).first?.code ?? "" }
        // From a result: the script is known, so the service is the first question.
        return try await render(answers.component.isEmpty ? .script : .service, answers, errors: [], session: session)
    }

    @Sendable func answer(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let form = context.portal.form
        var answers = Answers(form)
        if answers.series.isEmpty { answers.series = try await results.seriesInForce(at: clock.now).first?.code ?? "" }
        if let change = form["change"].flatMap(Step.init) { return try await render(change, answers, errors: [], session: session) }
        guard let step = form["step"].flatMap(Step.init) else {
            return try await render(answers.component.isEmpty ? .script : .service, answers, errors: [], session: session)
        }
        let errors = check(step, answers)
        guard errors.isEmpty else { return try await render(step, answers, errors: errors, session: session, status: .unprocessableContent) }
        guard step == .check else { return try await render(next(after: step, answers), answers, errors: [], session: session) }
        return try await submit(answers, session: session)
    }

    private func next(after step: Step, _ answers: Answers) -> Step {
        switch step {
        case .script: .service
        case .service: answers.chosen?.isAboutOneCandidate == false ? .check : .consent
        case .consent, .check: .check
        }
    }

    /// What is missing from the form itself; whether the enquiry may be made is the desk's
    /// answer alone.
    private func check(_ step: Step, _ answers: Answers) -> [ErrorItem] {
        switch step {
        case .script:
            return answers.component.isEmpty ? [ErrorItem(field: "component", message: "Choose the component")] : []
        case .service:
            return answers.chosen == nil ? [ErrorItem(field: Self.serviceField(.clericalCheck), message: "Choose which service you need")] : []
        case .consent:
            return answers.obtainedAt == nil
                ? [ErrorItem(field: "day", message: "Enter the date consent was obtained as a real date, such as 27 8 2026, and the time as 09:30")]
                : []
        case .check:
            let steps: [Step] = answers.chosen?.isAboutOneCandidate == false ? [.script, .service] : [.script, .service, .consent]
            return steps.flatMap { check($0, answers) }
        }
    }

    private func submit(_ answers: Answers, session: PortalSession) async throws -> Response {
        guard let submission = answers.submission else {
            return try await render(.check, answers, errors: check(.check, answers), session: session, status: .unprocessableContent)
        }
        do {
            let enquiry = try await desk.submit(submission, by: session.signedIn.caller)
            let page = Confirmation(
                session: session,
                reference: enquiry.reference,
                id: enquiry.id,
                service: EnquiryNames.service(enquiry.service),
                due: UKTime.dateAndTime(enquiry.dueAt),
                fee: "£" + Money.pounds(enquiry.feeInPence)
            )
            return renderer.render("enquiry-sent", page)
        } catch let error as EnquiryError {
            let status: HTTPResponse.Status = if case .forbidden = error { .forbidden } else { .unprocessableContent }
            return try await refused(answers, field: Self.field(of: error), message: error.message, session: session, status: status)
        } catch let error as IntakeError {
            return try await refused(answers, field: Self.field(of: error), message: error.message, session: session, status: .unprocessableContent)
        }
    }

    /// The page of the answer a refusal is about, with the refusal in its error summary.
    private func refused(
        _ answers: Answers,
        field: String,
        message: String,
        session: PortalSession,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let step: Step =
            switch field {
            case "component", "candidate": .script
            case "agreed", "acknowledged", "day": .consent
            default: .service
            }
        return try await render(step, answers, errors: [ErrorItem(field: field, message: message)], session: session, status: status)
    }

    static func serviceField(_ service: EnquiryService) -> String { "service-\(service.rawValue)" }

    /// The field a refusal of the desk is about, for the error summary's link.
    static func field(of error: EnquiryError) -> String {
        switch error {
        case .candidateRequired: "candidate"
        case .refused(let refusal):
            switch refusal {
            case .consentMissing: "agreed"
            case .consentInvalid: "day"
            case .moderationNeedsCohort: "candidate"
            case .noResult: "component"
            case .notYetOpen, .deadlinePassed, .notEligible, .alreadyReviewed, .notModerated: serviceField(.clericalCheck)
            }
        default: serviceField(.clericalCheck)
        }
    }

    /// The field an unknown series, component or candidate is about.
    static func field(of error: IntakeError) -> String {
        if case .unknownCandidate = error { return "candidate" }
        return "component"
    }

    private func render(
        _ step: Step,
        _ answers: Answers,
        errors: [ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let titles: [Step: String] = [
            .script: "Which result is the enquiry about?",
            .service: "Which service do you need?",
            .consent: "Has the candidate agreed to the enquiry?",
            .check: "Check your answers before making the enquiry",
        ]
        let asked: [Step: Set<String>] = [
            .script: ["component", "candidate"], .service: ["service"], .consent: ["agreed", "acknowledged", "day", "month", "year", "time"],
            .check: [],
        ]
        let first: (String) -> String? = { field in errors.first { $0.field == field || $0.field.hasPrefix(field + "-") }?.message }
        let now = clock.now
        var page = QuestionPage(
            title: (errors.isEmpty ? "" : "Error: ") + (titles[step] ?? ""),
            session: session,
            step: step.rawValue,
            hidden: answers.hidden(except: asked[step] ?? []),
            errors: errors,
            hasErrors: !errors.isEmpty,
            answers: answers,
            caption: answers.component.isEmpty
                ? "Make an enquiry about a result"
                : answers.candidate.isEmpty ? "\(answers.component), whole cohort" : "Candidate \(answers.candidate), \(answers.component)",
            agreedYes: answers.agreed == "yes",
            acknowledgedYes: answers.acknowledged == "yes",
            componentError: first("component"),
            candidateError: first("candidate"),
            serviceError: first("service"),
            agreedError: first("agreed"),
            acknowledgedError: first("acknowledged"),
            dateError: first("day")
        )
        switch step {
        case .script:
            page.isScript = true
            page.components = try await results.components().map {
                .init(value: $0.code, label: "\($0.code) \($0.title) (\($0.qualification.displayName))", selected: $0.code == answers.component)
            }
        case .service:
            page.isService = true
            page.services = EnquiryService.allCases.map { service in
                Choice(
                    value: service.rawValue,
                    label: EnquiryNames.service(service),
                    hint: "\(EnquiryNames.about(service)) Fee £\(Money.pounds(policy.fee(of: service))); "
                        + "the outcome would be due by \(UKTime.date(policy.dueDate(of: service, receivedAt: now))).",
                    checked: answers.service == service.rawValue,
                    id: Self.serviceField(service)
                )
            }
        case .consent: page.isConsent = true
        case .check:
            page.isCheck = true
            var rows = [
                SummaryRow(key: "Candidate", value: answers.candidate.isEmpty ? "Whole cohort" : answers.candidate, step: "script"),
                SummaryRow(key: "Component", value: answers.component, step: "script"),
                SummaryRow(key: "Series", value: answers.series, step: nil),
            ]
            if let service = answers.chosen {
                rows += [
                    SummaryRow(key: "Service", value: EnquiryNames.service(service), step: "service"),
                    SummaryRow(key: "Fee", value: "£" + Money.pounds(policy.fee(of: service)), step: nil),
                    SummaryRow(key: "Outcome due by", value: UKTime.date(policy.dueDate(of: service, receivedAt: now)), step: nil),
                ]
                if service.isAboutOneCandidate {
                    rows += [
                        SummaryRow(key: "Candidate agreed", value: answers.agreed == "yes" ? "Yes" : "No", step: "consent"),
                        SummaryRow(
                            key: "Told marks can go down",
                            value: answers.acknowledged == "yes" ? "Yes" : "No",
                            step: "consent"
                        ),
                        SummaryRow(key: "Consent obtained", value: answers.obtainedAt.map(UKTime.dateAndTime) ?? "–", step: "consent"),
                    ]
                }
            }
            page.summary = rows
        }
        return renderer.render("enquiry-new", page, status: status)
    }
}

/// How enquiries' services and statuses are named on the pages.
enum EnquiryNames {
    /// "Review of marking".
    static func service(_ service: EnquiryService) -> String {
        let name = service.displayName.split(separator: " ", maxSplits: 1).last.map(String.init) ?? service.rawValue
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// What the service does, in a sentence.
    static func about(_ service: EnquiryService) -> String {
        switch service {
        case .clericalCheck: "Every part marked, the marks added up and recorded correctly."
        case .reviewOfMarking: "Whether the mark scheme was applied correctly; includes a clerical check."
        case .priorityReviewOfMarking: "A review of marking turned round faster, for university places. GCE only."
        case .reviewOfModeration: "The centre's moderated marks, for the whole cohort; no candidate is named."
        }
    }

    /// "Received" or "Outcome recorded".
    static func status(_ status: Enquiry.Status) -> String {
        status == .received ? "Received" : "Outcome recorded"
    }

    /// The tag colour of a status.
    static func style(_ status: Enquiry.Status) -> String {
        status == .received ? "tag--blue" : "tag--green"
    }
}
