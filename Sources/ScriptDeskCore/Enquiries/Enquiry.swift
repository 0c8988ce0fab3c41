public import Foundation

/// A centre's enquiry about a result (or, for a review of moderation, about its cohort's
/// marks in a component), from receipt to its final outcome.
public struct Enquiry: Hashable, Sendable, Codable {
    /// Where an enquiry stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Received and being worked on; its outcome is due by `dueAt`.
        case received
        /// Its outcome is recorded; it is final.
        case decided
    }

    /// Its identifier.
    public var id: String
    /// The series code.
    public var series: String
    /// The centre that made it.
    public var centre: CentreNumber
    /// The candidate, except for a review of moderation (the whole cohort).
    public var candidate: CandidateNumber?
    /// The component code.
    public var component: String
    /// What was asked for.
    public var service: EnquiryService
    /// The candidate's consent, except for a review of moderation.
    public var consent: EnquiryConsent?
    /// The user who made it.
    public var requestedBy: String
    /// Where it stands.
    public var status: Status
    /// When it was received.
    public var receivedAt: Date
    /// When its outcome is due.
    public var dueAt: Date
    /// Its fee, in pence, as charged when received.
    public var feeInPence: Int
    /// Its outcome, once decided: for one candidate's result.
    public var outcome: EnquiryOutcome?
    /// Its outcome, once decided: for a review of moderation, over the cohort.
    public var cohortOutcome: CohortOutcome?

    /// An enquiry as stored.
    public init(
        id: String,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber?,
        component: String,
        service: EnquiryService,
        consent: EnquiryConsent?,
        requestedBy: String,
        status: Status,
        receivedAt: Date,
        dueAt: Date,
        feeInPence: Int,
        outcome: EnquiryOutcome? = nil,
        cohortOutcome: CohortOutcome? = nil
    ) {
        self.id = id
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.service = service
        self.consent = consent
        self.requestedBy = requestedBy
        self.status = status
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.feeInPence = feeInPence
        self.outcome = outcome
        self.cohortOutcome = cohortOutcome
    }

    /// Its reference as people read and say it.
    public var reference: String { Reference.text(id) }

    /// What the centre owes for it: the fee, unless its outcome changed the grade or, for a
    /// review of moderation, reinstated the centre's marks.
    public var feeOwedInPence: Int {
        if let cohortOutcome { return cohortOutcome.reinstatesMarks ? 0 : feeInPence }
        return outcome?.feeOwed(feeInPence) ?? feeInPence
    }
}

/// One step of an enquiry's timeline.
public struct EnquiryEvent: Hashable, Sendable, Codable {
    /// When it happened.
    public var at: Date
    /// The status it left the enquiry in.
    public var status: Enquiry.Status
    /// What happened, in words.
    public var detail: String

    /// An event as recorded.
    public init(at: Date, status: Enquiry.Status, detail: String) {
        self.at = at
        self.status = status
        self.detail = detail
    }
}

extension EnquiryEvent {
    /// An enquiry received at `at` for `service`, due by `dueAt`.
    public static func received(_ service: EnquiryService, at: Date, dueAt: Date) -> EnquiryEvent {
        EnquiryEvent(at: at, status: .received, detail: "Received: \(service.displayName); the outcome is due by \(ISO8601.string(from: dueAt))")
    }

    /// A result marked again, as `prefix` ("Outcome", "Decision") says it: unchanged, or from
    /// the old mark and grade to the new, with the reason.
    public static func decided(_ outcome: EnquiryOutcome, as prefix: String) -> EnquiryEvent {
        let detail =
            outcome.mark == outcome.previousMark
            ? "\(prefix): mark unchanged at \(outcome.mark), grade \(outcome.grade). \(outcome.reason)"
            : "\(prefix): mark \(outcome.previousMark) to \(outcome.mark), grade \(outcome.previousGrade) to \(outcome.grade). \(outcome.reason)"
        return EnquiryEvent(at: outcome.receivedAt, status: .decided, detail: detail)
    }
}
