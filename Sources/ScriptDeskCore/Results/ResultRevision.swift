public import Foundation

/// One change to a recorded result: the mark and grade before and after, why, when, and
/// what caused it. A result's revisions are numbered from 1 in the order they were made.
public struct ResultRevision: Hashable, Sendable, Codable {
    /// What caused a revision.
    public enum Cause: String, Sendable, Codable, CaseIterable {
        /// An enquiry about results' outcome.
        case enquiry
        /// An appeal's decision.
        case appeal
        /// A missing or incomplete result's correction.
        case missingResult = "missing-result"
        /// A late certification's award.
        case certification
    }

    /// Its number among the result's revisions, from 1.
    public var number: Int
    /// The mark before.
    public var previousMark: Int?
    /// The grade before.
    public var previousGrade: String?
    /// The mark after.
    public var mark: Int?
    /// The grade after.
    public var grade: String?
    /// Why, in words.
    public var reason: String
    /// What caused it.
    public var cause: Cause
    /// The id of the enquiry, appeal, query or certification that caused it.
    public var causeID: String?
    /// When it was made.
    public var at: Date

    /// A revision as recorded.
    public init(
        number: Int,
        previousMark: Int?,
        previousGrade: String?,
        mark: Int?,
        grade: String?,
        reason: String,
        cause: Cause,
        causeID: String?,
        at: Date
    ) {
        self.number = number
        self.previousMark = previousMark
        self.previousGrade = previousGrade
        self.mark = mark
        self.grade = grade
        self.reason = reason
        self.cause = cause
        self.causeID = causeID
        self.at = at
    }
}
