public import Foundation

/// The dates that govern one series. Every deadline in the rules comes from here.
///
/// A deadline is the last instant at which something is still allowed: a request made at
/// exactly the deadline is accepted, one made a second later is refused.
public struct SeriesCalendar: Hashable, Sendable, Codable {
    /// When results are released to centres; post-results services open then.
    public var resultsDay: Date
    /// Last moment to request a priority copy of a script.
    public var priorityScriptDeadline: Date
    /// Last moment to submit a priority review of marking.
    public var priorityReviewDeadline: Date
    /// Last moment to submit any other enquiry about results.
    public var finalEnquiryDeadline: Date
    /// Last moment to request a copy of a script for teaching.
    public var teachingCopyDeadline: Date
    /// Last moment to request late certification.
    public var lateCertificationDeadline: Date
    /// When copies of scripts are purged.
    public var scriptRetentionEnd: Date

    /// A calendar with each deadline as the last instant at which it is still allowed.
    public init(
        resultsDay: Date,
        priorityScriptDeadline: Date,
        priorityReviewDeadline: Date,
        finalEnquiryDeadline: Date,
        teachingCopyDeadline: Date,
        lateCertificationDeadline: Date,
        scriptRetentionEnd: Date
    ) {
        self.resultsDay = resultsDay
        self.priorityScriptDeadline = priorityScriptDeadline
        self.priorityReviewDeadline = priorityReviewDeadline
        self.finalEnquiryDeadline = finalEnquiryDeadline
        self.teachingCopyDeadline = teachingCopyDeadline
        self.lateCertificationDeadline = lateCertificationDeadline
        self.scriptRetentionEnd = scriptRetentionEnd
    }
}

extension SeriesCalendar {
    /// The named dates of the calendar, for messages and listings.
    public enum Milestone: String, Sendable, Codable, CaseIterable {
        case resultsDay = "results day"
        case priorityScriptDeadline = "priority script deadline"
        case priorityReviewDeadline = "priority review deadline"
        case finalEnquiryDeadline = "final enquiry deadline"
        case teachingCopyDeadline = "teaching-copy deadline"
        case lateCertificationDeadline = "late certification deadline"
        case scriptRetentionEnd = "script retention end"
    }

    /// The date of a milestone.
    public subscript(milestone: Milestone) -> Date {
        switch milestone {
        case .resultsDay: resultsDay
        case .priorityScriptDeadline: priorityScriptDeadline
        case .priorityReviewDeadline: priorityReviewDeadline
        case .finalEnquiryDeadline: finalEnquiryDeadline
        case .teachingCopyDeadline: teachingCopyDeadline
        case .lateCertificationDeadline: lateCertificationDeadline
        case .scriptRetentionEnd: scriptRetentionEnd
        }
    }
}
