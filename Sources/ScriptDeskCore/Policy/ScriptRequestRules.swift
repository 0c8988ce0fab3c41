public import Foundation

/// What the rules decided for an acceptable script request.
public struct ScriptRequestDecision: Hashable, Sendable {
    /// The kind of copy, which decides the queue lane.
    public var kind: ScriptCopyKind
    /// The earliest time the copy may be produced (`nil`: at once).
    public var notBefore: Date?

    /// A decision for a copy of `kind`, to be produced from `notBefore` (`nil`: at once).
    public init(kind: ScriptCopyKind, notBefore: Date?) {
        self.kind = kind
        self.notBefore = notBefore
    }
}

/// The eligibility, deadline and consent rules for script copies: pure functions of their
/// inputs and the time they are asked at.
public enum ScriptRequestRules {
    /// The facts one decision rests on.
    public struct Facts: Sendable {
        /// The kind of copy asked for.
        public var kind: ScriptCopyKind
        /// The qualification of the component.
        public var qualification: QualificationType
        /// The candidate's result for the component.
        public var result: ComponentResult
        /// Whether the script archive holds the script.
        public var scriptHeld: Bool
        /// The consent the centre attested.
        public var consent: ConsentRecord
        /// The series' calendar.
        public var calendar: SeriesCalendar

        /// The facts as gathered from the request and the store.
        public init(
            kind: ScriptCopyKind,
            qualification: QualificationType,
            result: ComponentResult,
            scriptHeld: Bool,
            consent: ConsentRecord,
            calendar: SeriesCalendar
        ) {
            self.kind = kind
            self.qualification = qualification
            self.result = result
            self.scriptHeld = scriptHeld
            self.consent = consent
            self.calendar = calendar
        }
    }

    /// Accepts or refuses a request, checking in order: eligibility, the request window,
    /// consent, and that a marked script exists.
    public static func decide(_ facts: Facts, policy: Policy, now: Date) throws(ScriptRequestRefusal) -> ScriptRequestDecision {
        guard policy.eligibleQualifications(for: facts.kind).contains(facts.qualification) else {
            throw .notEligible(kind: facts.kind, qualification: facts.qualification)
        }
        let calendar = facts.calendar
        guard now >= calendar.resultsDay else {
            throw .notYetOpen(opensAt: calendar.resultsDay)
        }
        let deadline = deadlineMilestone(for: facts.kind)
        guard now <= calendar[deadline] else {
            throw .deadlinePassed(milestone: deadline, deadline: calendar[deadline])
        }
        guard facts.consent.candidateAgreed else {
            throw .consentMissing
        }
        guard facts.consent.obtainedAt <= now else {
            throw .consentFromFuture(obtainedAt: facts.consent.obtainedAt)
        }
        guard facts.scriptHeld, facts.result.hasMarkedScript else {
            throw .noScript
        }
        return ScriptRequestDecision(kind: facts.kind, notBefore: releaseTime(for: facts.kind, calendar: calendar, policy: policy, now: now))
    }

    /// The calendar milestone that closes requests of `kind`.
    public static func deadlineMilestone(for kind: ScriptCopyKind) -> SeriesCalendar.Milestone {
        switch kind {
        case .priority: .priorityScriptDeadline
        case .nonPriority: .teachingCopyDeadline
        }
    }

    static func releaseTime(for kind: ScriptCopyKind, calendar: SeriesCalendar, policy: Policy, now: Date) -> Date? {
        guard kind == .nonPriority, let milestone = policy.teachingCopiesReleasedAfter else { return nil }
        let release = calendar[milestone]
        return release > now ? release : nil
    }
}
