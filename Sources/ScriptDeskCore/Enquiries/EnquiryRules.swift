public import Foundation

/// What the rules decided for an acceptable enquiry: when its outcome is due and its fee.
public struct EnquiryDecision: Hashable, Sendable {
    /// When the outcome is due: the service's turnaround after receipt.
    public var dueDate: Date
    /// The fee, in pence.
    public var feeInPence: Int

    /// A decision as the rules made it.
    public init(dueDate: Date, feeInPence: Int) {
        self.dueDate = dueDate
        self.feeInPence = feeInPence
    }
}

/// The eligibility, deadline and consent rules for enquiries about results: pure functions
/// of their inputs, the policy and the time they are asked at.
public enum EnquiryRules {
    /// The facts one decision rests on.
    public struct Facts: Sendable {
        /// The service asked for.
        public var service: EnquiryService
        /// The component, with its qualification and kind.
        public var component: Component
        /// The candidate's result for the component (`nil`: none, or no candidate named).
        public var result: ComponentResult?
        /// Whether the enquiry names a candidate.
        public var namesCandidate: Bool
        /// The consent the centre recorded, if any.
        public var consent: EnquiryConsent?
        /// Whether the candidate already has a review of marking of the component.
        public var alreadyReviewed: Bool
        /// The series' calendar.
        public var calendar: SeriesCalendar

        /// The facts as gathered from the enquiry and the store.
        public init(
            service: EnquiryService,
            component: Component,
            result: ComponentResult?,
            namesCandidate: Bool,
            consent: EnquiryConsent?,
            alreadyReviewed: Bool,
            calendar: SeriesCalendar
        ) {
            self.service = service
            self.component = component
            self.result = result
            self.namesCandidate = namesCandidate
            self.consent = consent
            self.alreadyReviewed = alreadyReviewed
            self.calendar = calendar
        }
    }

    /// Accepts or refuses an enquiry, checking in order: what it is about (a cohort for a
    /// review of moderation, a result otherwise), eligibility, the window, consent, and one
    /// review of marking per candidate and component.
    public static func decide(_ facts: Facts, policy: EnquiryPolicy, now: Date) throws(EnquiryRefusal) -> EnquiryDecision {
        let service = facts.service
        if service.isAboutOneCandidate {
            guard facts.result != nil else { throw .noResult }
        } else {
            guard !facts.namesCandidate else { throw .moderationNeedsCohort }
            guard facts.component.kind == .moderated else { throw .notModerated(component: facts.component.code) }
        }
        if service == .priorityReviewOfMarking, !policy.priorityReviewQualifications.contains(facts.component.qualification) {
            let offered = policy.priorityReviewQualifications.map(\.displayName).sorted().joined(separator: ", ")
            throw .notEligible(service: service, reason: "priority reviews are for \(offered) components only; ask for a review of marking.")
        }
        if facts.component.kind == .objectiveTest, !policy.objectiveTestServices.contains(service) {
            throw .notEligible(
                service: service,
                reason: "\(facts.component.code) is an objective test, marked automatically; ask for a clerical check."
            )
        }
        let calendar = facts.calendar
        guard now >= calendar.resultsDay else { throw .notYetOpen(opensAt: calendar.resultsDay) }
        let deadline = deadlineMilestone(for: service)
        guard now <= calendar[deadline] else { throw .deadlinePassed(milestone: deadline, deadline: calendar[deadline]) }
        if service.isAboutOneCandidate {
            guard let consent = facts.consent, consent.candidateAgreed, consent.acknowledgesMarksMayGoDown else { throw .consentMissing }
            guard consent.obtainedAt >= calendar.resultsDay, consent.obtainedAt <= now else {
                throw .consentInvalid(obtainedAt: consent.obtainedAt, resultsDay: calendar.resultsDay)
            }
        }
        if service.isReviewOfMarking, facts.alreadyReviewed { throw .alreadyReviewed }
        return EnquiryDecision(dueDate: policy.dueDate(of: service, receivedAt: now), feeInPence: policy.fee(of: service))
    }

    /// The calendar milestone that closes `service`.
    public static func deadlineMilestone(for service: EnquiryService) -> SeriesCalendar.Milestone {
        service == .priorityReviewOfMarking ? .priorityReviewDeadline : .finalEnquiryDeadline
    }
}

/// An enquiry's outcome as the rules grade it: the new mark graded by the same boundaries
/// as the original, and whether the fee is waived (it is when the grade changed).
public struct EnquiryOutcome: Hashable, Sendable, Codable {
    /// The mark before the enquiry.
    public var previousMark: Int
    /// The grade before the enquiry.
    public var previousGrade: String
    /// The mark after it (the same mark when unchanged).
    public var mark: Int
    /// The grade after it.
    public var grade: String
    /// Why the mark is what it is.
    public var reason: String
    /// When the centre received it.
    public var receivedAt: Date

    /// The outcome of moving the result from `previousMark` and `previousGrade` (as
    /// recorded) to `mark`, graded under `boundaries`; throws when the new mark is outside 0
    /// to the component's maximum or no reason is given.
    public init(
        previousMark: Int,
        previousGrade: String,
        mark: Int,
        maxMark: Int,
        boundaries: GradeBoundaries,
        reason: String,
        receivedAt: Date
    ) throws(EnquiryOutcomeError) {
        guard (0...maxMark).contains(mark) else { throw .markOutOfRange(maxMark: maxMark) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        self.previousMark = previousMark
        self.previousGrade = previousGrade
        self.mark = mark
        grade = boundaries.grade(for: mark)
        self.reason = reason
        self.receivedAt = receivedAt
    }

    /// An outcome as recorded.
    public init(previousMark: Int, previousGrade: String, mark: Int, grade: String, reason: String, receivedAt: Date) {
        self.previousMark = previousMark
        self.previousGrade = previousGrade
        self.mark = mark
        self.grade = grade
        self.reason = reason
        self.receivedAt = receivedAt
    }

    /// Whether the grade changed, which waives the fee.
    public var gradeChanged: Bool { grade != previousGrade }

    /// The fee owed for an enquiry charged `fee` pence, given this outcome.
    public func feeOwed(_ fee: Int) -> Int { gradeChanged ? 0 : fee }
}

/// An outcome that cannot be recorded as given.
public enum EnquiryOutcomeError: ScriptDeskError, Hashable, Sendable {
    /// The mark is negative or above the component's maximum.
    case markOutOfRange(maxMark: Int)
    /// No reason was given.
    case reasonRequired
    /// A review of moderation's adjustment is larger than the component's maximum mark.
    case adjustmentOutOfRange(maxMark: Int)

    /// `enquiry.bad_mark`, `enquiry.reason_required` or `enquiry.bad_adjustment`.
    public var code: String {
        switch self {
        case .markOutOfRange: "enquiry.bad_mark"
        case .reasonRequired: "enquiry.reason_required"
        case .adjustmentOutOfRange: "enquiry.bad_adjustment"
        }
    }

    /// What to give instead.
    public var message: String {
        switch self {
        case .markOutOfRange(let maxMark): "The mark must be a whole number from 0 to \(maxMark), the component's maximum."
        case .reasonRequired: "Give the reason for the outcome, even when the mark is unchanged."
        case .adjustmentOutOfRange(let maxMark):
            "The adjustment must be a whole number from -\(maxMark) to \(maxMark), the component's maximum; 0 when the marks stand."
        }
    }
}
