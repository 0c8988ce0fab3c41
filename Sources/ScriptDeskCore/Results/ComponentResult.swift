/// One candidate's result for one component in one series.
public struct ComponentResult: Hashable, Sendable, Codable {
    /// The series code.
    public var series: String
    /// The centre.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// The component code.
    public var component: String
    /// The raw mark, when there is one.
    public var mark: Int?
    /// The component grade, when there is one.
    public var grade: String?
    /// Results indicators in force.
    public var indicators: [ResultIndicator]
    /// Whether special consideration enhanced the mark (marks and grades may then not match).
    public var specialConsideration: Bool

    /// A result as recorded.
    public init(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        component: String,
        mark: Int?,
        grade: String?,
        indicators: [ResultIndicator],
        specialConsideration: Bool
    ) {
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.mark = mark
        self.grade = grade
        self.indicators = indicators
        self.specialConsideration = specialConsideration
    }

    /// Whether a marked script can exist for this result (`X` means none was marked).
    public var hasMarkedScript: Bool { !indicators.contains(.noResult) }
}
