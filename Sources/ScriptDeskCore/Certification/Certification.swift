public import Foundation

/// A centre's request for a subject grade for a candidate who did not enter for it (late
/// certification), from receipt to the award, which is final.
public struct Certification: Hashable, Sendable, Codable {
    /// Where a request stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Accepted; the grade is being awarded.
        case requested
        /// The grade is awarded; it cannot be withdrawn.
        case awarded
        /// Withdrawn by the centre before the award.
        case withdrawn
    }

    /// Its identifier.
    public var id: String
    /// The series code it was requested in.
    public var series: String
    /// The centre that asked.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// The subject code.
    public var subject: String
    /// The user who asked.
    public var requestedBy: String
    /// Where it stands.
    public var status: Status
    /// When it was received.
    public var receivedAt: Date
    /// The fee, in pence: nothing under the shipped policies.
    public var feeInPence: Int
    /// The subject mark and grade, once awarded.
    public var award: CashIn.Award?
    /// When the grade was awarded.
    public var awardedAt: Date?

    /// A request as stored.
    public init(
        id: String,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        subject: String,
        requestedBy: String,
        status: Status,
        receivedAt: Date,
        feeInPence: Int,
        award: CashIn.Award? = nil,
        awardedAt: Date? = nil
    ) {
        self.id = id
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.subject = subject
        self.requestedBy = requestedBy
        self.status = status
        self.receivedAt = receivedAt
        self.feeInPence = feeInPence
        self.award = award
        self.awardedAt = awardedAt
    }
}
