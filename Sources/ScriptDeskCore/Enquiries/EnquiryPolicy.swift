public import Foundation

/// The policy's settings for enquiries about results and appeals: what each service costs
/// and how long it takes, which qualifications may have a priority review, and how long a
/// centre has to appeal an outcome; and how long a missing or incomplete results query takes.
public struct EnquiryPolicy: Hashable, Sendable, Codable {
    /// Days from receipt by which each service's outcome is due.
    public var turnaroundDays: [EnquiryService: Int]
    /// The fee for each service, in pence, per component (per cohort for a review of moderation).
    public var feesInPence: [EnquiryService: Int]
    /// Qualifications whose components may have a priority review of marking.
    public var priorityReviewQualifications: Set<QualificationType>
    /// Services an objective test may have (its marking is automatic: nothing to review).
    public var objectiveTestServices: Set<EnquiryService>
    /// How long after an outcome is received an appeal may be made.
    public var appealWindow: TimeInterval
    /// Whether only the head of centre may appeal (JCQ); otherwise the exams officer does.
    public var appealsByHeadOfCentre: Bool
    /// How many stages an appeal has: 1, or 2 where the second is against the first's decision (JCQ).
    public var appealStages: Int
    /// How long after a stage's decision is received the next stage may be appealed.
    public var nextStageAppealWindow: TimeInterval
    /// Days from receipt by which an appeal's decision is due.
    public var appealTurnaroundDays: Int
    /// Days from receipt by which a missing or incomplete results query is resolved.
    public var mirTurnaroundDays: Int
    /// The most characters a result query's detail may have.
    public var mirDetailLimit: Int

    /// Settings as given; the result query settings default to 10 days and 2,000 characters.
    public init(
        turnaroundDays: [EnquiryService: Int],
        feesInPence: [EnquiryService: Int],
        priorityReviewQualifications: Set<QualificationType>,
        objectiveTestServices: Set<EnquiryService>,
        appealWindow: TimeInterval,
        appealsByHeadOfCentre: Bool,
        appealStages: Int = 1,
        nextStageAppealWindow: TimeInterval = 14 * 86_400,
        appealTurnaroundDays: Int = 30,
        mirTurnaroundDays: Int = 10,
        mirDetailLimit: Int = 2_000
    ) {
        self.turnaroundDays = turnaroundDays
        self.feesInPence = feesInPence
        self.priorityReviewQualifications = priorityReviewQualifications
        self.objectiveTestServices = objectiveTestServices
        self.appealWindow = appealWindow
        self.appealsByHeadOfCentre = appealsByHeadOfCentre
        self.appealStages = appealStages
        self.nextStageAppealWindow = nextStageAppealWindow
        self.appealTurnaroundDays = appealTurnaroundDays
        self.mirTurnaroundDays = mirTurnaroundDays
        self.mirDetailLimit = mirDetailLimit
    }

    /// The settings of a shipped profile: the same services, turnarounds and fees in both;
    /// JCQ's appeals are the head of centre's, within 30 days rather than 14, with a second
    /// stage within 14 days of the first's decision.
    public static func profile(_ profile: Policy.Profile) -> EnquiryPolicy {
        let day: TimeInterval = 86_400
        return EnquiryPolicy(
            turnaroundDays: [.clericalCheck: 10, .reviewOfMarking: 20, .priorityReviewOfMarking: 15, .reviewOfModeration: 35],
            feesInPence: [.clericalCheck: 1_250, .reviewOfMarking: 4_600, .priorityReviewOfMarking: 5_400, .reviewOfModeration: 18_000],
            priorityReviewQualifications: [.gce],
            objectiveTestServices: [.clericalCheck],
            appealWindow: (profile == .jcqCurrent ? 30 : 14) * day,
            appealsByHeadOfCentre: profile == .jcqCurrent,
            appealStages: profile == .jcqCurrent ? 2 : 1,
            nextStageAppealWindow: 14 * day,
            appealTurnaroundDays: 30,
            mirTurnaroundDays: 10,
            mirDetailLimit: 2_000
        )
    }

    /// The day an enquiry received at `receivedAt` is due: its service's turnaround later.
    public func dueDate(of service: EnquiryService, receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(TimeInterval(turnaroundDays[service] ?? 0) * 86_400)
    }

    /// The day a result query received at `receivedAt` is due: the MIR turnaround later.
    public func mirDueDate(receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(TimeInterval(mirTurnaroundDays) * 86_400)
    }

    /// The fee for `service`, in pence.
    public func fee(of service: EnquiryService) -> Int {
        feesInPence[service] ?? 0
    }

    /// The last instant an appeal against an outcome received at `receivedAt` may be made.
    public func appealBy(outcomeReceivedAt receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(appealWindow)
    }

    /// The last instant the next stage of an appeal may be made against a decision received
    /// at `receivedAt`.
    public func appealBy(decisionReceivedAt receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(nextStageAppealWindow)
    }

    /// The day an appeal received at `receivedAt` is due to be decided.
    public func appealDueDate(receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(TimeInterval(appealTurnaroundDays) * 86_400)
    }
}
