/// The enquiries about results a centre may make about a component's marking.
public enum EnquiryService: String, Sendable, Codable, CaseIterable, Hashable {
    /// Every part marked, totals right, recorded right (JCQ: RoR 1).
    case clericalCheck = "clerical-check"
    /// The mark scheme applied correctly, not a re-mark; includes the clerical check (JCQ: RoR 2).
    case reviewOfMarking = "review-of-marking"
    /// A review of marking turned round faster, for university places (JCQ: RoR 2P).
    case priorityReviewOfMarking = "priority-review-of-marking"
    /// A review of a centre's moderated marks, for its whole cohort (JCQ: RoR 3).
    case reviewOfModeration = "review-of-moderation"

    /// Whether it is a review of the marking of one candidate's script, of which a
    /// candidate may have one per component.
    public var isReviewOfMarking: Bool {
        self == .reviewOfMarking || self == .priorityReviewOfMarking
    }

    /// Whether it is about one candidate (all but a review of moderation, which covers the
    /// centre's cohort), and so needs the candidate's consent: marks may go down.
    public var isAboutOneCandidate: Bool { self != .reviewOfModeration }

    /// Its name in a sentence: "a review of marking".
    public var displayName: String {
        switch self {
        case .clericalCheck: "a clerical check"
        case .reviewOfMarking: "a review of marking"
        case .priorityReviewOfMarking: "a priority review of marking"
        case .reviewOfModeration: "a review of moderation"
        }
    }
}
