import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore
public import ScriptDeskTransfer

/// Tells the centre's exams officer by email how a result was looked at again: an enquiry's
/// outcome or an appeal's decision (old and new mark and grade, the reason, and the last day
/// to appeal or to take the appeal to its next stage), or a missing or incomplete results
/// query's resolution (the correction, or why the result stands). The job is enqueued in the
/// transaction that records the outcome, so an outcome is never recorded without its email
/// to follow; the message keeps one Message-ID however often a retry sends it.
public struct OutcomeMail: JobHandler {
    /// What the email tells.
    public enum Subject: String, Sendable, CaseIterable {
        /// An enquiry's outcome.
        case enquiryOutcome = "enquiry.outcome-mail"
        /// An appeal's decision.
        case appealDecision = "appeal.decision-mail"
        /// A missing or incomplete results query's resolution.
        case queryResolution = "result-query.resolution-mail"
        /// A late certification's award: results are available.
        case certificationAward = "certification.award-mail"

        /// The job kind in the queue.
        public var kind: String { rawValue }
    }

    let subject: Subject
    let database: Database
    let mailer: any Mailer
    let mailFrom: EmailAddress
    let rules: EnquiryPolicy
    let clock: WallClock

    /// Sends emails about `subject` through `mailer` from `mailFrom`, with the last day to
    /// appeal under `rules`.
    public init(_ subject: Subject, database: Database, mailer: any Mailer, mailFrom: EmailAddress, rules: EnquiryPolicy, clock: WallClock) {
        self.subject = subject
        self.database = database
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.rules = rules
        self.clock = clock
    }

    private struct Payload: Codable {
        var id: String
    }

    /// The job that emails about case `id` of `centre`'s `candidate` in `component`.
    static func job(_ subject: Subject, id: String, centre: CentreNumber, candidate: CandidateNumber?, component: String) throws -> NewJob {
        NewJob(
            kind: subject.kind,
            lane: .standard,
            payload: String(decoding: try JSONEncoder().encode(Payload(id: id)), as: UTF8.self),
            uniqueKey: "\(subject.kind):\(id)",
            about: JobSubject(centre: centre.rawValue, candidate: candidate?.rawValue, component: component)
        )
    }

    /// The email's parts: the centre it goes to, and what it says.
    private struct Letter: Sendable {
        var centre: Centre
        var title: String
        var body: String
        var messageID: String
    }

    /// Sends the job's email; a centre with no exams officer address is skipped, a transient
    /// mail failure retried.
    public func run(_ job: ClaimedJob) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload does not name an enquiry or appeal.", isTransient: false)
        }
        guard let found = try await letter(payload.id) else {
            let code =
                switch subject {
                case .enquiryOutcome: "enquiry.not_found"
                case .appealDecision: "appeal.not_found"
                case .queryResolution: "mir.not_found"
                case .certificationAward: "certification.not_found"
                }
            throw JobFailure(code: code, message: "\(payload.id) has no outcome to send.", isTransient: false)
        }
        guard let letter = found, let address = letter.centre.examsOfficerEmail else { return }
        let centre = letter.centre
        let message: EmailMessage
        do throws(EmailMessageError) {
            message = try EmailMessage(
                from: mailFrom,
                to: [EmailAddress(address, name: "Exams officer, \(centre.name)")],
                subject: letter.title,
                body: letter.body,
                date: clock.now,
                messageID: "\(letter.messageID)@\(mailFrom.domain)"
            )
        } catch {
            throw JobFailure(code: error.code, message: error.message, isTransient: false)
        }
        do {
            try await mailer.send(message)
        } catch let error as MailError {
            throw JobFailure.mail(error)
        }
    }

    /// Nothing waits on the email: the outcome stands, and the dead job is on the console.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}

    /// The letter about case `id`: `nil` when it has no outcome, `.some(nil)` when its
    /// centre is not on record.
    private func letter(_ id: String) async throws -> Letter?? {
        try await database.read { db -> Letter?? in
            switch subject {
            case .enquiryOutcome:
                guard let enquiry = try await Enquiries().find(id, scope: .everyCentre, on: db) else { return nil }
                guard let centre = try await ReferenceData().centre(enquiry.centre, on: db) else { return .some(nil) }
                if let cohort = enquiry.cohortOutcome {
                    return Letter(
                        centre: centre,
                        title: "Outcome of review of moderation \(enquiry.reference) (\(enquiry.component)): \(Self.change(cohort))",
                        body: Self.body(enquiry, cohort, centre: centre),
                        messageID: "enquiry-outcome.\(enquiry.id)"
                    )
                }
                guard let outcome = enquiry.outcome else { return nil }
                return Letter(
                    centre: centre,
                    title: Self.title("Outcome of enquiry \(enquiry.reference)", enquiry.component, enquiry.candidate, outcome),
                    body: Self.body(enquiry, outcome, centre: centre, appealBy: rules.appealBy(outcomeReceivedAt: outcome.receivedAt)),
                    messageID: "enquiry-outcome.\(enquiry.id)"
                )
            case .appealDecision:
                guard let appeal = try await Appeals().find(id, scope: .everyCentre, on: db), let decision = appeal.decision else { return nil }
                let nextStageBy = appeal.stage < rules.appealStages ? rules.appealBy(decisionReceivedAt: decision.receivedAt) : nil
                guard let centre = try await ReferenceData().centre(appeal.centre, on: db) else { return .some(nil) }
                return Letter(
                    centre: centre,
                    title: Self.title("Decision on appeal \(appeal.reference)", appeal.component, appeal.candidate, decision),
                    body: Self.body(appeal, decision, centre: centre, nextStageBy: nextStageBy),
                    messageID: "appeal-decision.\(appeal.id)"
                )
            case .queryResolution:
                guard let query = try await ResultQueries().find(id, scope: .everyCentre, on: db), let resolution = query.resolution else {
                    return nil
                }
                guard let centre = try await ReferenceData().centre(query.centre, on: db) else { return .some(nil) }
                return Letter(
                    centre: centre,
                    title: ResultQueryLetter.subject(query, resolution),
                    body: ResultQueryLetter.body(query, resolution, centre: centre),
                    messageID: "result-query-resolution.\(query.id)"
                )
            case .certificationAward:
                guard let request = try await Certifications().find(id, scope: .everyCentre, on: db), let award = request.award else {
                    return nil
                }
                guard let centre = try await ReferenceData().centre(request.centre, on: db) else { return .some(nil) }
                let subject = try await Subjects().find(request.subject, on: db)
                let candidate = try await ReferenceData().candidate(request.candidate, of: request.centre, on: db)
                return Letter(
                    centre: centre,
                    title: CertificationLetter.subject(request, award, subject: subject),
                    body: CertificationLetter.body(request, award, subject: subject, candidate: candidate, centre: centre),
                    messageID: "certification-award.\(request.id)"
                )
            }
        }
    }

    static func title(_ what: String, _ component: String, _ candidate: CandidateNumber?, _ outcome: EnquiryOutcome) -> String {
        "\(what) (\(component), candidate \(candidate?.rawValue ?? "cohort")): \(change(outcome))"
    }

    static func change(_ outcome: EnquiryOutcome) -> String {
        outcome.mark == outcome.previousMark
            ? "mark unchanged" : "mark \(outcome.previousMark) to \(outcome.mark), grade \(outcome.previousGrade) to \(outcome.grade)"
    }

    static func marks(_ outcome: EnquiryOutcome) -> String {
        """
        Mark before: \(outcome.previousMark), grade \(outcome.previousGrade)
        Mark after:  \(outcome.mark), grade \(outcome.grade)
        Reason: \(outcome.reason)
        """
    }

    static func body(_ enquiry: Enquiry, _ outcome: EnquiryOutcome, centre: Centre, appealBy: Date) -> String {
        let fee =
            outcome.gradeChanged
            ? "The grade changed, so there is no fee for this enquiry."
            : "The grade did not change, so the fee of £\(Money.pounds(enquiry.feeInPence)) stands."
        return """
            Dear exams officer,

            The \(enquiry.service.displayName.dropFirst(2)) you asked for on behalf of \(centre.name) (centre \(centre.number)), \
            reference \(enquiry.reference), for candidate \(enquiry.candidate?.rawValue ?? "cohort") in \(enquiry.component) \
            (series \(enquiry.series)), has been completed.

            \(marks(outcome))

            \(fee)

            If the candidate wishes to appeal, the appeal must reach us by \(ISO8601.string(from: appealBy)) (UTC).

            This message was sent automatically by ScriptDesk.
            """
    }

    static func change(_ cohort: CohortOutcome) -> String {
        cohort.adjustment == 0 ? "marks stand" : "every mark \(cohort.adjustment > 0 ? "raised" : "lowered") by \(abs(cohort.adjustment))"
    }

    static func body(_ enquiry: Enquiry, _ cohort: CohortOutcome, centre: Centre) -> String {
        let fee =
            cohort.reinstatesMarks
            ? "The centre's marks were reinstated, so there is no fee for this review."
            : "The centre's marks were not reinstated, so the fee of £\(Money.pounds(enquiry.feeInPence)) stands."
        return """
            Dear exams officer,

            The review of moderation you asked for on behalf of \(centre.name) (centre \(centre.number)), reference \(enquiry.reference), \
            for the centre's candidates in \(enquiry.component) (series \(enquiry.series)), has been completed.

            Outcome: \(change(cohort)); \(cohort.resultsRevised) results revised.
            Reason: \(cohort.reason)

            \(fee)

            This message was sent automatically by ScriptDesk.
            """
    }

    static func body(_ appeal: Appeal, _ decision: EnquiryOutcome, centre: Centre, nextStageBy: Date?) -> String {
        let verdict = decision.mark == decision.previousMark ? "The appeal was not upheld." : "The appeal was upheld and the result revised."
        let next =
            nextStageBy.map { "A stage \(appeal.stage + 1) appeal against this decision must reach us by \(ISO8601.string(from: $0)) (UTC)." }
            ?? "This decision is final."
        return """
            Dear exams officer,

            The stage \(appeal.stage) appeal made on behalf of \(centre.name) (centre \(centre.number)), reference \(appeal.reference), \
            for candidate \(appeal.candidate?.rawValue ?? "cohort") in \(appeal.component) (series \(appeal.series)), has been decided. \
            \(verdict)

            \(marks(decision))

            \(next)

            This message was sent automatically by ScriptDesk.
            """
    }
}
