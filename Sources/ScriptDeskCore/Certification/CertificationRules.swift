public import Foundation

/// The rules for late certification: pure functions of their inputs, the policy and the
/// time they are asked at.
public enum CertificationRules {
    /// The facts one decision rests on.
    public struct Facts: Sendable {
        /// The series code of the request.
        public var series: String
        /// That series' calendar.
        public var calendar: SeriesCalendar
        /// The subject.
        public var subject: Subject
        /// The marks the candidate holds towards it (see `CashIn.held`).
        public var held: [String: CashIn.Held]
        /// The series of the candidate's earlier request or grade for the subject, if any.
        public var certificatedIn: String?

        /// The facts as gathered from the request and the store.
        public init(series: String, calendar: SeriesCalendar, subject: Subject, held: [String: CashIn.Held], certificatedIn: String?) {
            self.series = series
            self.calendar = calendar
            self.subject = subject
            self.held = held
            self.certificatedIn = certificatedIn
        }
    }

    /// The calendar milestone that closes late certification.
    public static let deadline = SeriesCalendar.Milestone.lateCertificationDeadline

    /// Accepts or refuses a candidate, checking in order: the series, the window (open on
    /// results day, closed a second after the deadline), one certification per subject,
    /// every component held, and, for the qualifications it covers, the terminal rule.
    /// Returns the share of the assessment taken in the series, in percent.
    @discardableResult
    public static func decide(_ facts: Facts, policy: CertificationPolicy, now: Date) throws(CertificationRefusal) -> Int {
        guard policy.allows(series: facts.series) else { throw .seriesNotEligible(series: facts.series) }
        let calendar = facts.calendar
        guard now >= calendar.resultsDay else { throw .notYetOpen(opensAt: calendar.resultsDay) }
        guard now <= calendar[deadline] else { throw .deadlinePassed(deadline: calendar[deadline]) }
        if let series = facts.certificatedIn { throw .alreadyCertificated(series: series) }
        let missing = facts.subject.parts.map(\.component).filter { facts.held[$0] == nil }
        guard missing.isEmpty else { throw .componentsMissing(missing) }
        let share = CashIn.share(of: facts.subject, holding: facts.held, takenIn: facts.series)
        if policy.terminalRuleQualifications.contains(facts.subject.qualification), share < policy.terminalRuleShare {
            throw .terminalRule(taken: share, required: policy.terminalRuleShare)
        }
        return share
    }
}
