public import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// What a centre asks for in an enquiry about results, as it arrives from the API or the
/// portal, before any check.
public struct EnquirySubmission: Sendable, Hashable {
    /// The series code, such as `2026-06`.
    public var series: String
    /// The component code, such as `H240/01`.
    public var component: String
    /// The candidate number as given; none for a review of moderation.
    public var candidate: String?
    /// The service asked for.
    public var service: EnquiryService
    /// The candidate's consent; none for a review of moderation.
    public var consent: EnquiryConsent?

    /// A submission as it arrived.
    public init(series: String, component: String, candidate: String?, service: EnquiryService, consent: EnquiryConsent?) {
        self.series = series
        self.component = component
        self.candidate = candidate
        self.service = service
        self.consent = consent
    }
}

/// Receives enquiries about results and records their outcomes: checks who may, then the
/// rules (`EnquiryRules`, under the policy's settings), and writes in one transaction; an
/// outcome revises the result with its history in the same transaction that makes it final.
public struct EnquiryDesk: Sendable {
    let database: Database
    let queue: any JobQueue
    let rules: EnquiryPolicy
    let access: AccessPolicy
    let clock: WallClock
    private let reference = ReferenceData()
    private let enquiries = Enquiries()
    private let remarking = Remarking()

    /// Keeps enquiries in `database` under the enquiry settings of `rules`, for the callers
    /// `access` allows; an outcome's email goes out as a job on `queue`.
    public init(database: Database, queue: any JobQueue, rules: EnquiryPolicy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// Checks and records `submission`, made by `caller` for their own centre.
    public func submit(_ submission: EnquirySubmission, by caller: Caller) async throws -> Enquiry {
        let centre = try makingCentre(of: caller)
        let now = clock.now
        return try await database.transaction { db in
            try await accept(submission, centre: centre, by: caller, now: now, on: db)
        }
    }

    /// The centre `caller` makes enquiries for, once the policy lets them make any.
    func makingCentre(of caller: Caller) throws -> CentreNumber {
        try authorise(caller, .makeEnquiry(caller.centre))
        // The policy allows only a caller with a centre of their own.
        guard let centre = caller.centre else { throw EnquiryError.forbidden(AccessPolicy.enquiriesByExamsOfficers) }
        return centre
    }

    /// Checks `submission` under the rules and records it on `db`, or throws the refusal.
    func accept(_ submission: EnquirySubmission, centre: CentreNumber, by caller: Caller, now: Date, on db: StoreConnection) async throws -> Enquiry {
        let candidate = try submission.candidate.map { text in
            guard let number = CandidateNumber(text) else { throw IntakeError.unknownCandidate(text) }
            return number
        }
        if submission.service.isAboutOneCandidate, candidate == nil { throw EnquiryError.candidateRequired }
        guard let series = try await reference.series(submission.series, on: db) else {
            throw IntakeError.unknownSeries(submission.series)
        }
        guard let component = try await reference.component(submission.component, on: db) else {
            throw IntakeError.unknownComponent(submission.component)
        }
        var result: ComponentResult?
        var alreadyReviewed = false
        if let candidate {
            guard try await reference.candidate(candidate, of: centre, on: db) != nil else {
                throw IntakeError.unknownCandidate(candidate.rawValue)
            }
            let key = ResultKey(series: series.code, centre: centre, candidate: candidate, component: component.code)
            result = try await reference.result(series: series.code, centre: centre, candidate: candidate, component: component.code, on: db)
            alreadyReviewed = try await enquiries.hasReviewOfMarking(key, on: db)
        } else {
            let cohort = try await reference.results(
                series: series.code,
                centre: centre,
                filter: .init(component: component.code),
                page: Page(limit: 1),
                on: db
            )
            guard cohort.total > 0 else { throw EnquiryError.refused(.noResult) }
        }
        let facts = EnquiryRules.Facts(
            service: submission.service,
            component: component,
            result: result,
            namesCandidate: candidate != nil,
            consent: submission.consent,
            alreadyReviewed: alreadyReviewed,
            calendar: series.calendar
        )
        let decision: EnquiryDecision
        do throws(EnquiryRefusal) {
            decision = try EnquiryRules.decide(facts, policy: rules, now: now)
        } catch {
            throw EnquiryError.refused(error)
        }
        let enquiry = Enquiry(
            id: UUID().uuidString.lowercased(),
            series: series.code,
            centre: centre,
            candidate: candidate,
            component: component.code,
            service: submission.service,
            consent: submission.service.isAboutOneCandidate ? submission.consent : nil,
            requestedBy: caller.id,
            status: .received,
            receivedAt: now,
            dueAt: decision.dueDate,
            feeInPence: decision.feeInPence
        )
        guard try await enquiries.insert(enquiry, event: .received(submission.service, at: now, dueAt: decision.dueDate), on: db) else {
            throw EnquiryError.refused(.alreadyReviewed)
        }
        return enquiry
    }

    /// One enquiry and its timeline, if `caller` may see it.
    public func details(of id: String, for caller: Caller) async throws -> (enquiry: Enquiry, timeline: [EnquiryEvent]) {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        let found = try await database.read { db -> (Enquiry, [EnquiryEvent])? in
            guard let enquiry = try await enquiries.find(id, scope: scope, on: db) else { return nil }
            return (enquiry, try await enquiries.timeline(of: id, on: db))
        }
        guard let found else { throw EnquiryError.notFound(id) }
        return found
    }

    /// The enquiries `caller` may see, narrowed by `filter`, newest first.
    public func list(_ filter: Enquiries.Filter = .init(), page: Page, for caller: Caller) async throws -> PageOf<Enquiry> {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        return try await database.read { try await enquiries.list(scope: scope, filter: filter, page: page, on: $0) }
    }

    /// The last instant an appeal against `enquiry`'s outcome may be made, once it has one.
    public func appealBy(_ enquiry: Enquiry) -> Date? {
        enquiry.outcome.map { rules.appealBy(outcomeReceivedAt: $0.receivedAt) }
    }

    /// Records the outcome of a candidate's enquiry: `mark` (the same mark when unchanged)
    /// graded by the series' boundaries for the component, and `reason`. The result is
    /// revised (with its history) when the mark or grade changed, in the same transaction
    /// that makes the outcome final, with the job that emails the centre; a second outcome is
    /// refused.
    public func recordOutcome(of id: String, mark: Int, reason: String, by caller: Caller) async throws -> Enquiry {
        try authorise(caller, .decideEnquiries)
        let now = clock.now
        return try await database.transaction { db in
            guard let enquiry = try await enquiries.find(id, scope: .everyCentre, on: db) else { throw EnquiryError.notFound(id) }
            guard enquiry.status == .received else { throw EnquiryError.outcomeFinal }
            guard let candidate = enquiry.candidate else { throw EnquiryError.outcomeIsPerCandidate }
            let key = ResultKey(series: enquiry.series, centre: enquiry.centre, candidate: candidate, component: enquiry.component)
            let outcome = try await remarking.outcome(of: key, mark: mark, reason: reason, at: now, on: db)
            let event = EnquiryEvent.decided(outcome, as: "Outcome")
            guard try await enquiries.decide(id, outcome: outcome, event: event, on: db) else { throw EnquiryError.outcomeFinal }
            let revision = try await ResultHistory().revise(key, to: outcome, cause: .enquiry, causeID: enquiry.id, on: db)
            try await StatementIssue.follow(revision, of: key, queue: queue, in: db, now: now)
            var decided = enquiry
            decided.status = .decided
            decided.outcome = outcome
            _ = try await queue.enqueue(
                try OutcomeMail.job(
                    .enquiryOutcome,
                    id: decided.id,
                    centre: decided.centre,
                    candidate: decided.candidate,
                    component: decided.component
                ),
                in: db,
                now: now
            )
            return decided
        }
    }

    /// Records the outcome of a review of moderation: `adjustment` marks added to (or taken
    /// from) every mark of the centre's cohort in the component, held within 0 and the
    /// maximum, each regraded by the series' boundaries and revised with its history when it
    /// changed, in the transaction that makes the outcome final, with the job that emails the
    /// centre. The fee is waived when the adjustment reinstates marks.
    public func recordCohortOutcome(of id: String, adjustment: Int, reason: String, by caller: Caller) async throws -> Enquiry {
        try authorise(caller, .decideEnquiries)
        let now = clock.now
        return try await database.transaction { db in
            guard let enquiry = try await enquiries.find(id, scope: .everyCentre, on: db) else { throw EnquiryError.notFound(id) }
            guard enquiry.status == .received else { throw EnquiryError.outcomeFinal }
            guard enquiry.candidate == nil else { throw EnquiryError.adjustmentIsForModeration }
            guard
                let component = try await reference.component(enquiry.component, on: db),
                let boundaries = try await ResultHistory().boundaries(series: enquiry.series, component: enquiry.component, on: db)
            else { throw EnquiryError.noBoundaries(enquiry.component) }
            let trimmed: String
            do throws(EnquiryOutcomeError) {
                trimmed = try CohortOutcome.validated(adjustment: adjustment, reason: reason, maxMark: component.maxMark)
            } catch {
                throw EnquiryError.badOutcome(error)
            }
            var revised = 0
            var offset = 0
            while true {
                let cohort = try await reference.results(
                    series: enquiry.series,
                    centre: enquiry.centre,
                    filter: .init(component: enquiry.component),
                    page: Page(limit: 500, offset: offset),
                    on: db
                )
                for row in cohort.items {
                    guard let mark = row.result.mark else { continue }
                    let newMark = CohortOutcome.adjusted(mark, by: adjustment, maxMark: component.maxMark)
                    let grade = boundaries.grade(for: newMark)
                    guard newMark != mark || grade != row.result.grade else { continue }
                    let revision = try await ResultHistory().revise(
                        ResultKey(row.result),
                        mark: newMark,
                        grade: grade,
                        reason: trimmed,
                        cause: .enquiry,
                        causeID: enquiry.id,
                        at: now,
                        on: db
                    )
                    try await StatementIssue.follow(revision, of: ResultKey(row.result), queue: queue, in: db, now: now)
                    revised += 1
                }
                offset += cohort.items.count
                if cohort.items.isEmpty || offset >= cohort.total { break }
            }
            let outcome = CohortOutcome(adjustment: adjustment, reason: trimmed, receivedAt: now, resultsRevised: revised)
            let event = EnquiryEvent(at: now, status: .decided, detail: outcome.detail)
            guard try await enquiries.decide(id, cohortOutcome: outcome, event: event, on: db) else { throw EnquiryError.outcomeFinal }
            var decided = enquiry
            decided.status = .decided
            decided.cohortOutcome = outcome
            _ = try await queue.enqueue(
                try OutcomeMail.job(.enquiryOutcome, id: decided.id, centre: decided.centre, candidate: nil, component: decided.component),
                in: db,
                now: now
            )
            return decided
        }
    }

    /// `action` authorised for `caller`; the actions asked here refuse by role only.
    private func authorise(_ caller: Caller, _ action: AccessPolicy.Action) throws(EnquiryError) {
        if let reason = access.refusal(of: caller, action) { throw .forbidden(reason) }
    }
}

/// Why an enquiry, or its outcome, was not accepted. An unknown series, component or
/// candidate is the intake's own `IntakeError`, with the same codes as for script copies.
public enum EnquiryError: ScriptDeskError, Sendable, Hashable {
    /// The caller's role may not do this.
    case forbidden(String)
    /// A service about one candidate named none.
    case candidateRequired
    /// A rule refused it.
    case refused(EnquiryRefusal)
    /// No such enquiry, or not the caller's to see.
    case notFound(String)
    /// The enquiry already has its outcome, which is final.
    case outcomeFinal
    /// A review of moderation's outcome is an adjustment to the cohort's marks, not one mark.
    case outcomeIsPerCandidate
    /// An adjustment to a cohort's marks was given for an enquiry about one candidate's result.
    case adjustmentIsForModeration
    /// The component has no grade boundaries for the series, so an outcome cannot be graded.
    case noBoundaries(String)
    /// The outcome as given cannot be recorded.
    case badOutcome(EnquiryOutcomeError)

    /// `auth.forbidden` or an `enquiry.*` code.
    public var code: String {
        switch self {
        case .forbidden: "auth.forbidden"
        case .candidateRequired: "enquiry.candidate_required"
        case .refused(let refusal): refusal.code
        case .notFound: "enquiry.not_found"
        case .outcomeFinal: "enquiry.outcome_final"
        case .outcomeIsPerCandidate: "enquiry.outcome_per_candidate"
        case .adjustmentIsForModeration: "enquiry.adjustment_for_moderation"
        case .noBoundaries: "enquiry.no_boundaries"
        case .badOutcome(let error): error.code
        }
    }

    /// What went wrong and what to do.
    public var message: String {
        switch self {
        case .forbidden(let reason): reason
        case .candidateRequired: "Name the candidate: only a review of moderation covers the whole cohort."
        case .refused(let refusal): refusal.message
        case .notFound(let id): "There is no enquiry \(id)."
        case .outcomeFinal: "This enquiry's outcome has been recorded and is final; an appeal may follow it."
        case .outcomeIsPerCandidate:
            "A review of moderation's outcome is an adjustment to every mark of the cohort: give the adjustment (0 when the marks stand) and the reason."
        case .adjustmentIsForModeration:
            "An adjustment is a review of moderation's outcome; this enquiry is about one candidate's result: give its new mark."
        case .noBoundaries(let component):
            "\(component) has no grade boundaries for this series, so the new mark cannot be graded; set them first."
        case .badOutcome(let error): error.message
        }
    }
}
